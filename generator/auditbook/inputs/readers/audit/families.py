"""Which audit format a record is in, and where each format keeps each concept."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from auditbook.inputs.readers._common import cap

# Kubernetes events nest the change in the request and the response, never the old object.
_K8S_BEFORE = "Kubernetes audit events record the request and response, not the object before"


@dataclass(frozen=True)
class Family:
    """One audit format: its name in reports and the paths of each concept in a record."""

    name: str
    group: str
    unit: str
    paths: dict[str, tuple[str, ...]]
    # Why a concept cannot be in this format at all, said when it is missing.
    absent: dict[str, str] = field(default_factory=dict)
    # Application exports match column names loosely (`ip_address` is `ipAddress`).
    loose: bool = False


_K8S_PATHS = {
    "who": ("user.username",),
    "what": ("verb",),
    "resource": ("objectRef.resource", "requestURI"),
    "after": ("requestObject", "responseObject"),
    "where": ("sourceIPs[0]",),
    "client": ("userAgent",),
    "when": ("requestReceivedTimestamp", "stageTimestamp"),
}
K8S = Family("k8s", "Kubernetes audit events", "events", _K8S_PATHS, {"before": _K8S_BEFORE})
AKS = Family("aks", "Kubernetes audit events", "events", _K8S_PATHS, {"before": _K8S_BEFORE})

_GCP_PATHS = {
    "who": ("protoPayload.authenticationInfo.principalEmail",),
    "what": ("protoPayload.methodName",),
    "resource": ("protoPayload.resourceName",),
    "after": ("protoPayload.request", "protoPayload.response"),
    "where": ("protoPayload.requestMetadata.callerIp",),
    "client": ("protoPayload.requestMetadata.callerSuppliedUserAgent",),
    "when": ("timestamp", "receiveTimestamp"),
}
_GCP_BEFORE = "Cloud Audit Logs record the request and response, not the resource before"
GKE = Family("gke", "Kubernetes audit events", "events", _GCP_PATHS, {"before": _GCP_BEFORE})
GCP = Family("gcp", "Google Cloud audit logs", "entries", _GCP_PATHS, {"before": _GCP_BEFORE})

CLOUDTRAIL = Family(
    "cloudtrail",
    "CloudTrail records",
    "events",
    {
        "who": ("userIdentity.arn", "userIdentity.userName", "userIdentity.principalId"),
        "what": ("eventName",),
        "resource": ("resources[0].ARN", "requestParameters"),
        "after": ("requestParameters",),
        "where": ("sourceIPAddress",),
        "client": ("userAgent",),
        "when": ("eventTime",),
    },
    {"before": "CloudTrail records the request, not the values before it (AWS Config does)"},
)

PGAUDIT = Family(
    "pgaudit",
    "pgaudit records in a PostgreSQL log",
    "records",
    {
        "who": ("prefix %u",),
        "what": ("AUDIT command",),
        "resource": ("AUDIT object_name", "AUDIT statement"),
        "where": ("prefix %r/%h",),
        "client": ("prefix %a",),
        "when": ("prefix %m/%t",),
    },
    {
        "who": "log_line_prefix has no user (add user=%u)",
        "before": "pgaudit logs statements, not the rows' old values",
        "after": "pgaudit logs statements, not the rows' new values",
        "where": "log_line_prefix has no client address (add host=%h or %r)",
        "client": "log_line_prefix has no application name (add app=%a)",
        "when": "log_line_prefix has no time stamp (add %m)",
    },
)

# Column names of application exports, compared without case, `_`, `-` or spaces.
_APP_NAMES = {
    "who": "userid user username actor actorid actorlogin actoremail login useremail email "
    "principal principalid performedby changedby modifiedby createdby subject account",
    "what": "action event eventtype eventname actiontype operation activity verb method",
    "resource": "resource resourceid resourcename resourcetype target targetid entity "
    "entityid entitytype object objectid objectname objectrepr table tablename recordid "
    "model modelname auditabletype auditableid documentid path url",
    "before": "oldvalues oldvalue old before previous previousvalue previousvalues oldval "
    "from prior changes diff changeset auditedchanges delta",
    "after": "newvalues newvalue new after current currentvalue newval to changes diff "
    "changeset auditedchanges delta",
    "where": "ipaddress ipaddr ip ipaddresses clientip sourceip sourceipaddress remoteaddr "
    "remoteaddress remoteip callerip clientaddress ipv4 ipv6 origin",
    "client": "useragent ua agent clientuseragent httpuseragent browser useragentstring client",
    "when": "time timestamp createdat created date datetime eventtime eventtimestamp "
    "occurredat loggedat at ts timecreated insertedat",
}
APP = Family(
    "app",
    "application export",
    "records",
    {concept: tuple(names.split()) for concept, names in _APP_NAMES.items()},
    loose=True,
)


# The keys classify() looks at: a record holding none of them is an application export's.
_TELLING_KEYS = frozenset({"protoPayload", "category", "apiVersion", "auditID", "eventSource"})


def family_of_columns(columns: list[str]) -> Family | None:
    """APP when a record with these columns can be nothing else, so each record of a CSV
    export need not be classified; None when classify() must look at each one."""
    return None if _TELLING_KEYS.intersection(columns) else APP


class BadRecord(Exception):
    """A wrapper whose audit event cannot be read."""


def classify(record: dict[str, Any]) -> tuple[Family, dict[str, Any]]:
    """The record's family and the record itself, unwrapped from an AKS diagnostic entry."""
    payload = record.get("protoPayload")
    if isinstance(payload, dict):
        return (GKE if payload.get("serviceName") == "k8s.io" else GCP), record
    if record.get("category") in ("kube-audit", "kube-audit-admin"):
        return AKS, _aks_event(record)
    api = record.get("apiVersion")
    if (isinstance(api, str) and api.startswith("audit.k8s.io/")) or (
        "auditID" in record and "verb" in record
    ):
        return K8S, record
    if "eventSource" in record and "eventName" in record:
        return CLOUDTRAIL, record
    return APP, record


def _aks_event(record: dict[str, Any]) -> dict[str, Any]:
    properties = record.get("properties")
    log = properties.get("log") if isinstance(properties, dict) else None
    if isinstance(log, str):
        try:
            log = json.loads(log)
        except (ValueError, RecursionError) as exc:
            raise BadRecord(f"properties.log is not JSON: {cap(exc, 80)}") from None
    if not isinstance(log, dict):
        raise BadRecord("an AKS kube-audit entry without a Kubernetes event in properties.log")
    return log
