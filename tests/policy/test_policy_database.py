"""database-private: not publicly reachable, deletion protection, backups of 7+ days."""

from policy_graphs import messages, res

RDS = "aws:rds/instance:Instance"
SQL = "gcp:sql/databaseInstance:DatabaseInstance"


def cloud_sql(ip: dict, backups: dict, **inputs) -> object:
    settings = {"tier": "db-custom-4-16384", "ipConfiguration": ip, "backupConfiguration": backups}
    return res(SQL, "sql", settings=settings, **inputs)


def test_private_protected_databases_pass():
    graph = [
        res(RDS, "db", publiclyAccessible=False, deletionProtection=True, backupRetentionPeriod=7),
        # Private IP only; deletionProtection left to the provider's default (true) and
        # retainedBackups to Cloud SQL's default of 7.
        cloud_sql({"ipv4Enabled": False, "privateNetwork": "vpc"}, {"enabled": True}),
        # A public address is acceptable with SSL required and no open authorized network.
        cloud_sql(
            {
                "ipv4Enabled": True,
                "sslMode": "ENCRYPTED_ONLY",
                "authorizedNetworks": [{"value": "198.51.100.0/24"}],
            },
            {"enabled": True, "backupRetentionSettings": {"retainedBackups": 14}},
            deletionProtection=True,
        ),
    ]
    assert messages("database-private", *graph) == []


def test_public_unprotected_rds_fails():
    db = res(RDS, "db", publiclyAccessible=True, deletionProtection=False, backupRetentionPeriod=1)
    assert messages("database-private", db) == [
        "db: database: publiclyAccessible must be false",
        "db: database: deletionProtection must be true, got False",
        "db: database: backupRetentionPeriod must be at least 7 days, got 1",
    ]


def test_rds_backup_retention_left_out_fails():
    # The provider's default keeps 1 day (or none), so 7 days must be asked for.
    db = res(RDS, "db", deletionProtection=True)
    assert messages("database-private", db) == [
        "db: database: backupRetentionPeriod must be at least 7 days but is not set"
    ]


def test_open_cloud_sql_fails():
    sql = cloud_sql(
        {
            "ipv4Enabled": True,
            "sslMode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED",
            "authorizedNetworks": [{"name": "all", "value": "0.0.0.0/0"}],
        },
        {"enabled": False, "backupRetentionSettings": {"retainedBackups": 3}},
        deletionProtection=False,
    )
    assert messages("database-private", sql) == [
        "sql: Cloud SQL has a public IPv4 address without SSL required: set ipConfiguration"
        ".ipv4Enabled false or sslMode ENCRYPTED_ONLY, got 'ALLOW_UNENCRYPTED_AND_ENCRYPTED'",
        # 2^32 minus the IANA special-purpose blocks (policy.database.NOT_PUBLIC): 592,708,608
        # addresses; 3,702,258,688 / 2^32 = 86.2 %
        "sql: Cloud SQL authorizes 0.0.0.0/0: 3,702,258,688 public IPv4 addresses "
        "(86.2% of all of them); authorize your own networks only",
        "sql: database: deletionProtection must be true, got False",
        "sql: Cloud SQL: backupConfiguration.enabled must be true, got False",
        "sql: Cloud SQL: retainedBackups must be at least 7, got 3",
    ]
