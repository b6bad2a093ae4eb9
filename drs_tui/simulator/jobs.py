"""Demo jobs: each supported scenario, some unsupported ones, and the documented failures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ORACLE_JOB = "0c0ffee0-0000-4000-8000-00000000a001"
TAURUS_KAFKA_JOB = "0c0ffee0-0000-4000-8000-00000000a002"
MYSQL_KAFKA_JOB = "0c0ffee0-0000-4000-8000-00000000a003"
NO_TEMPLATE_JOB = "0c0ffee0-0000-4000-8000-00000000a004"
UNSUPPORTED_JOB = "0c0ffee0-0000-4000-8000-00000000a005"
MIGRATION_JOB = "0c0ffee0-0000-4000-8000-00000000a006"


@dataclass(frozen=True)
class DemoJob:
    id: str
    name: str
    status: str
    engine_type: str
    job_type: str = "sync"
    job_direction: str = "up"
    create_time: str = "2026-11-20T08:00:00Z"
    description: str = ""
    # Template state: "ready" (results exist), "none" (nothing uploaded: DRS.10030008).
    template: str = "ready"
    result_format: str = "xlsx"  # xlsx for Oracle, json or txt for Kafka

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "engine_type": self.engine_type,
            "job_type": self.job_type,
            "job_direction": self.job_direction,
            "create_time": self.create_time,
            "description": self.description,
            # Fields the client does not know must survive into Job.extra.
            "node_type": "high",
            "enterprise_project_id": "0",
        }


_CORE = [
    DemoJob(
        ORACLE_JOB,
        "orders-oracle-to-gaussdb",
        "INCRE_TRANSFER_STARTED",
        "oracle-to-gaussdbv5",
        description="Orders schema to GaussDB distributed",
        create_time="2026-11-24T09:12:44Z",
    ),
    DemoJob(
        TAURUS_KAFKA_JOB,
        "billing-taurus-to-kafka",
        "INCRE_TRANSFER_STARTED",
        "taurus-to-kafka",
        result_format="json",
        create_time="2026-11-23T14:03:10Z",
    ),
    DemoJob(
        MYSQL_KAFKA_JOB,
        "audit-mysql-to-kafka",
        "FULL_TRANSFER_STARTED",
        "mysql-to-kafka",
        result_format="txt",
        create_time="2026-11-22T17:45:00Z",
    ),
    DemoJob(
        NO_TEMPLATE_JOB,
        "hr-oracle-to-gaussdb",
        "CONFIGURATION",
        "oracle-to-gaussdbv5",
        template="none",
        description="No object template uploaded yet",
        create_time="2026-11-26T11:30:00Z",
    ),
    DemoJob(
        UNSUPPORTED_JOB,
        "crm-mysql-to-mysql",
        "INCRE_TRANSFER_STARTED",
        "mysql-to-mysql",
        create_time="2026-11-19T10:00:00Z",
    ),
    DemoJob(
        MIGRATION_JOB,
        "legacy-migration",
        "COMPLETED",
        "mysql-to-mysql",
        job_type="migration",
        create_time="2026-10-02T06:00:00Z",
    ),
]

_FILLER_ENGINES = (
    "mysql-to-mysql",
    "oracle-to-gaussdbv5",
    "mysql-to-kafka",
    "postgresql-to-gaussdbv5",
)
_FILLER_STATUSES = ("INCRE_TRANSFER_STARTED", "PAUSING", "FULL_TRANSFER_COMPLETE", "CREATE_FAILED")


def demo_jobs(filler: int = 24) -> list[DemoJob]:
    """The core jobs plus `filler` ordinary ones, so paging and search have work to do."""
    jobs = list(_CORE)
    for i in range(filler):
        engine = _FILLER_ENGINES[i % len(_FILLER_ENGINES)]
        jobs.append(
            DemoJob(
                id=f"0c0ffee0-0000-4000-8000-{i + 1:012d}",
                name=f"sync-{engine.split('-')[0]}-{i + 1:04d}",
                status=_FILLER_STATUSES[i % len(_FILLER_STATUSES)],
                engine_type=engine,
                create_time=f"2026-{(i % 11) + 1:02d}-{(i % 27) + 1:02d}T12:00:00Z",
                template="none",
                result_format="json" if "kafka" in engine else "xlsx",
            )
        )
    return jobs
