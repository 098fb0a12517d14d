"""Rendering the assessment for people: the site's pages and the PDF packet, from templates."""
