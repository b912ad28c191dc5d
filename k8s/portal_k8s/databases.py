"""PostgreSQL: one CloudNativePG cluster per app, each with its own database and owner.

CloudNativePG writes the owner's credentials to the Secret ``<app>-db-app`` (its
``uri`` is the app's ``<APP>_DATABASE_URL``), so no database password is ever in
the repository. With an external managed database instead, leave databases.yaml
out of the overlay and create ``<app>-db-app`` with the ``uri`` key yourself
(docs/operations.md).
"""
from __future__ import annotations

from typing import Any

from portal_k8s.parts import App

Doc = dict[str, Any]
SUMMARY = """\
PostgreSQL as CloudNativePG clusters, one per service and one for the web front end's
sessions: 3 instances on different nodes and zones (a primary and two streaming
replicas; one synchronous), WAL archiving and a nightly base backup to the object store
(Secret postgres-backup: ACCESS_KEY_ID, ACCESS_SECRET_KEY), kept 30 days.
The owner's credentials are written by CloudNativePG to <app>-db-app (key uri)."""
BACKUP_BUCKET = "s3://portal-backups"


def resources(apps: tuple[App, ...]) -> list[Doc]:
    return [doc for app in apps for doc in (cluster(app), scheduled_backup(app))]


def meta(app: App) -> Doc:
    return {"name": app.database, "labels": {
        "app.kubernetes.io/name": app.database, "app.kubernetes.io/part-of": "portal",
        "app.kubernetes.io/component": "database"}}


def credentials(key: str) -> Doc:
    return {"name": "postgres-backup", "key": key}


def cluster(app: App) -> Doc:
    return {"apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster", "metadata": meta(app),
            "spec": {
                "instances": 3,
                "imageName": "ghcr.io/cloudnative-pg/postgresql:17.6",
                "minSyncReplicas": 1, "maxSyncReplicas": 1,
                "primaryUpdateStrategy": "unsupervised",
                "bootstrap": {"initdb": {"database": app.name.replace("-", "_"),
                                         "owner": app.name.replace("-", "_")}},
                "storage": {"size": "10Gi"},
                "resources": {"requests": {"cpu": "250m", "memory": "512Mi"},
                              "limits": {"cpu": "1", "memory": "1Gi"}},
                "affinity": {"enablePodAntiAffinity": True, "podAntiAffinityType": "required",
                             "topologyKey": "kubernetes.io/hostname"},
                "topologySpreadConstraints": [{
                    "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                    "whenUnsatisfiable": "ScheduleAnyway",
                    "labelSelector": {"matchLabels": {"cnpg.io/cluster": app.database}}}],
                "backup": {"retentionPolicy": "30d", "barmanObjectStore": {
                    "destinationPath": BACKUP_BUCKET,  # each cluster in a folder of its name
                    "s3Credentials": {"accessKeyId": credentials("ACCESS_KEY_ID"),
                                      "secretAccessKey": credentials("ACCESS_SECRET_KEY")},
                    "wal": {"compression": "gzip"}, "data": {"compression": "gzip"}}}}}


def scheduled_backup(app: App) -> Doc:
    return {"apiVersion": "postgresql.cnpg.io/v1", "kind": "ScheduledBackup",
            "metadata": meta(app), "spec": {
                "schedule": "0 30 1 * * *",  # seconds first: 01:30 every night
                "backupOwnerReference": "self", "method": "barmanObjectStore",
                "cluster": {"name": app.database}}}
