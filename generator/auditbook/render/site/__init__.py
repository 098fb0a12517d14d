"""The site's pages, as Markdown MkDocs renders with the theme."""
