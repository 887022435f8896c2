"""The plan reader on real plans (tests/fixtures/terraform/*.plan.json, written by Terraform)
and on small plans built here in the documented format for what a real plan here cannot show.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from costmodel.errors import InputError
from costmodel.model.graph import SECRET, UNKNOWN
from costmodel.readers.terraform import read_plan
from costmodel.readers.terraform.plan import plan_from_json
from tests.terraform.plans import ALL_AWS, INSTANCES, SECRETS


@pytest.fixture(scope="module")
def instances():
    return read_plan(Path(INSTANCES))


def test_each_instance_is_a_resource_named_by_its_address(instances):
    # count gives logs[0] and logs[1]; for_each over a module gives one module instance per
    # key, its nested module's resources included; the addresses are Terraform's.
    assert sorted(r.name for r in instances.resources) == [
        "aws_route53_zone.main",
        "aws_s3_bucket.archive",
        "aws_s3_bucket.logs[0]",
        "aws_s3_bucket.logs[1]",
        "aws_s3_bucket_lifecycle_configuration.archive",
        "module.cache.aws_elasticache_replication_group.redis",
        'module.queues["mail"].aws_sqs_queue.this',
        'module.queues["mail"].module.topic.aws_sns_topic.this',
        'module.queues["tasks"].aws_sqs_queue.this',
        'module.queues["tasks"].module.topic.aws_sns_topic.this',
    ]
    assert all(r.urn == r.name for r in instances.resources)
    assert instances.name == "instances.plan.json"


def test_deleted_and_forgotten_resources_are_left_out_and_said(instances):
    assert instances.not_priced == [
        "aws_db_instance.legacy: forgotten (it keeps running, outside this configuration)",
        "aws_sqs_queue.old: delete (it will not exist)",
    ]


def test_types_are_the_bridged_providers_tokens(instances):
    types = {r.name: r.type for r in instances.resources}
    assert types["aws_s3_bucket.logs[0]"] == "aws:s3/bucket:Bucket"
    assert types["module.cache.aws_elasticache_replication_group.redis"] == (
        "aws:elasticache/replicationGroup:ReplicationGroup"
    )
    assert types['module.queues["mail"].module.topic.aws_sns_topic.this'] == "aws:sns/topic:Topic"


def test_a_module_called_by_a_roles_name_gives_its_resources_that_role(instances):
    parents = {r.name: r.parent_type for r in instances.resources}
    assert parents["module.cache.aws_elasticache_replication_group.redis"] == (
        "indexplan:cache:TerraformModule"
    )
    # module "queues" is not a role's name: its queues take the role of their type later
    assert parents['module.queues["mail"].aws_sqs_queue.this'] is None


def test_a_resource_of_an_aliased_provider_gets_its_region(instances):
    inputs = {r.name: r.inputs for r in instances.resources}
    assert instances.regions == {"aws": "us-east-1"}
    # provider = aws.west (us-west-2); the bucket's own region is known only after apply
    assert inputs["aws_s3_bucket.logs[1]"]["region"] == "us-west-2"
    # an existing bucket's region is in its state; queues on the default provider get none
    assert inputs["aws_s3_bucket.archive"]["region"] == "us-east-1"
    assert "region" not in inputs['module.queues["mail"].aws_sqs_queue.this']


def test_unknown_and_sensitive_values_are_marked_as_in_a_preview(instances):
    inputs = {r.name: r.inputs for r in instances.resources}
    redis = inputs["module.cache.aws_elasticache_replication_group.redis"]
    assert redis["authToken"] == SECRET
    assert redis["nodeType"] == "cache.t4g.medium" and redis["numCacheClusters"] == 1
    assert redis["arn"] == UNKNOWN
    assert inputs["aws_s3_bucket.logs[0]"]["bucket"] == UNKNOWN
    assert "tags" not in inputs["aws_s3_bucket.logs[0]"]  # null in the plan: not set
    text = json.dumps([r.to_dict() for r in instances.resources])
    assert not any(secret in text for secret in SECRETS)


def test_nested_blocks_take_the_bridges_plural_names(instances):
    """An existing bucket's lifecycle rules (read back from AWS into its state) are the
    bucket's `lifecycleRules`, as pulumi-aws names them; the cost model reads them there."""
    bucket = {r.name: r for r in instances.resources}["aws_s3_bucket.archive"]
    assert bucket.inputs["lifecycleRules"] == [
        {
            "abortIncompleteMultipartUploadDays": 0,
            "enabled": True,
            "id": "to-glacier-ir",
            "prefix": "",
            "transitions": [{"date": "", "days": 1, "storageClass": "GLACIER_IR"}],
        }
    ]


def test_all_aws_has_no_secret_in_any_input():
    plan = read_plan(Path(ALL_AWS))
    # `Plan: 35 to add` in terraform's own output: 34 and the archive's HTTPS-only bucket policy;
    # + 11 placing the database and cache in a VPC (s10-vpc: VPC, route table, 2 subnets, 2 route
    # associations, the app's clients group, a subnet group and a security group each)
    assert len(plan.resources) == 35 + 11
    assert not any(
        secret in json.dumps([r.to_dict() for r in plan.resources]) for secret in SECRETS
    )


# ---- plans built here ---------------------------------------------------------------------


def plan_of(*changes: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"format_version": "1.2", "resource_changes": list(changes), **extra}


def change(
    address: str,
    after: Any,
    unknown: Any = None,
    sensitive: Any = None,
    actions: tuple[str, ...] = ("create",),
) -> dict[str, Any]:
    tf_type, name = address.rsplit(".", 2)[-2:]
    return {
        "address": address,
        "mode": "managed",
        "type": tf_type,
        "name": name.split("[")[0],
        "provider_name": "registry.terraform.io/hashicorp/" + tf_type.split("_")[0],
        "change": {
            "actions": list(actions),
            "after": after,
            "after_unknown": unknown or {},
            "after_sensitive": sensitive or {},
        },
    }


def inputs_of(*changes: dict[str, Any]) -> dict[str, Any]:
    return plan_from_json(plan_of(*changes), "plan.json", "plan").resources[0].inputs


def test_a_secret_inside_a_block_is_hidden_where_it_is():
    inputs = inputs_of(
        change(
            "fastly_service_vcl.cdn",
            {"name": "files", "logging_s3": [{"name": "logs", "secret_key": "hunter2"}]},
            sensitive={"logging_s3": [{"secret_key": True}]},
        )
    )
    assert inputs == {"loggingS3s": [{"name": "logs", "secretKey": SECRET}], "name": "files"}


def test_a_whole_unknown_block_and_unknown_list_items():
    inputs = inputs_of(
        change(
            "aws_route53_record.www",
            {"records": ["a", None], "alias": []},
            unknown={"records": [False, True], "alias": True},
        )
    )
    assert inputs == {"aliases": UNKNOWN, "records": ["a", UNKNOWN]}


def test_map_keys_are_data_and_kept_while_block_keys_are_renamed():
    inputs = inputs_of(
        change(
            "aws_sqs_queue.q",
            {
                "tags": {"cost_center": "index", "Name": "q"},
                "message_retention_seconds": 1209600.0,
            },
        )
    )
    # whole floats are integers, as the Pulumi reader has them
    assert inputs == {
        "messageRetentionSeconds": 1209600,
        "tags": {"Name": "q", "cost_center": "index"},
    }


def test_a_single_item_block_the_model_reads_becomes_an_object():
    """Cloud SQL's `settings` holds at most one item: pulumi-gcp makes it an object, and the
    cost model reads `settings.tier` there."""
    inputs = inputs_of(
        change(
            "google_sql_database_instance.db",
            {
                "database_version": "POSTGRES_16",
                "settings": [
                    {
                        "tier": "db-custom-2-7680",
                        "disk_size": 100,
                        "ip_configuration": [{"ipv4_enabled": False}],
                    }
                ],
            },
        )
    )
    assert inputs["settings"] == {
        "diskSize": 100,
        "ipConfigurations": [{"ipv4Enabled": False}],
        "tier": "db-custom-2-7680",
    }


@pytest.mark.parametrize("number", [float("nan"), float("inf"), 10**400, -1e16])
def test_numbers_no_resource_has_are_refused(number):
    with pytest.raises(InputError) as refused:
        inputs_of(change("aws_db_instance.db", {"allocated_storage": number}))
    assert refused.value.field == "aws_db_instance.db: allocated_storage"
    assert refused.value.expected.endswith("is out of range (expected a number up to 1e+15)")


def test_control_characters_in_an_address_are_spelled_out():
    address = 'aws_sqs_queue.q["\x1b[31mred"]'
    plan = plan_from_json(plan_of(change(address, {"name": "q"})), "plan.json", "plan")
    assert plan.resources[0].name == 'aws_sqs_queue.q["\\x1b[31mred"]'


def test_an_address_that_is_not_of_its_type_is_refused():
    bad = change("aws_sqs_queue.q", {})
    bad["type"] = "aws_s3_bucket"
    with pytest.raises(
        InputError,
        match=r"resource_changes\.0\.address: not the address of a resource of type aws_s3",
    ):
        plan_from_json(plan_of(bad), "plan.json", "plan")


def test_data_sources_are_lookups_not_resources():
    lookup = {**change("aws_sqs_queue.q", {"name": "q"}), "mode": "data"}
    plan = plan_from_json(plan_of(lookup, change("aws_sqs_queue.r", {})), "plan.json", "plan")
    assert [r.name for r in plan.resources] == ["aws_sqs_queue.r"]


def test_provider_region_from_a_root_variable():
    config = {
        "provider_config": {
            "aws": {"name": "aws", "expressions": {"region": {"references": ["var.region"]}}}
        }
    }
    doc = plan_of(
        change("aws_sqs_queue.q", {}),
        configuration=config,
        variables={"region": {"value": "eu-west-1"}},
    )
    assert plan_from_json(doc, "plan.json", "plan").regions == {"aws": "eu-west-1"}


# ---- links known only after apply, followed through the configuration --------------------


def test_unknown_links_name_the_resource_their_expression_refers_to():
    """all-aws creates every resource: the ids linking them are unknown in the plan, but the
    configuration says which resource each expression refers to."""
    inputs = {r.name: r.inputs for r in read_plan(Path(ALL_AWS)).resources}
    storage, queue = "module.storage.", "module.queue."
    # bucket = aws_s3_bucket.archive.id
    lifecycle = inputs[f"{storage}aws_s3_bucket_lifecycle_configuration.archive_lifecycle"]
    assert lifecycle["bucket"] == f"{storage}aws_s3_bucket.archive"
    # redrive_policy = jsonencode({deadLetterTargetArn = aws_sqs_queue.dead_letter.arn, ...}),
    # in the form the cost model reads a redrive policy
    assert inputs[f"{queue}aws_sqs_queue.tasks"]["redrivePolicy"] == {
        "deadLetterTargetArn": f"{queue}aws_sqs_queue.dead_letter"
    }
    assert inputs[f"{queue}aws_sqs_queue.tasks"]["kmsMasterKeyId"] == f"{queue}aws_kms_key.key"
    # bucket = each.value (a local's value): the plan cannot say which bucket
    assert inputs[f'{storage}aws_s3_bucket_versioning.versioning["archive"]']["bucket"] == UNKNOWN
    # computed by the provider, no expression: unknown as before
    assert inputs[f"{queue}aws_sqs_queue.dead_letter"]["redrivePolicy"] == UNKNOWN
    assert inputs[f"{queue}aws_sqs_queue.tasks"]["arn"] == UNKNOWN


def with_references(address: str, **references: list[str]) -> dict[str, Any]:
    """A configuration whose resource `address` (in the root module) has these expressions."""
    expressions = {attribute: {"references": refs} for attribute, refs in references.items()}
    resource = {"address": address, "expressions": expressions}
    return {"root_module": {"resources": [resource]}}


def linked_inputs(config: dict[str, Any], *others: dict[str, Any]) -> dict[str, Any]:
    policy = change("aws_sqs_queue_policy.p", {"queue_url": None}, unknown={"queue_url": True})
    doc = plan_of(policy, *others, configuration=config)
    return plan_from_json(doc, "plan.json", "plan").resources[0].inputs


@pytest.mark.parametrize(
    ("references", "expected"),
    [
        # one instance of a count, with its resource among the references
        (["aws_sqs_queue.q[1].url", "aws_sqs_queue.q[1]", "aws_sqs_queue.q"], "aws_sqs_queue.q[1]"),
        # `aws_sqs_queue.q[count.index]`: which instance is not known
        (["aws_sqs_queue.q", "count.index"], UNKNOWN),
        # built from a resource and a variable: not the resource's own id
        (["aws_sqs_queue.q[0].url", "aws_sqs_queue.q[0]", "var.suffix"], UNKNOWN),
        # two resources
        (["aws_sqs_queue.q[0].url", "aws_sqs_queue.q[0]", "aws_sqs_queue.old.url"], UNKNOWN),
        # a resource the plan deletes, and a module's output
        (["aws_sqs_queue.old.url", "aws_sqs_queue.old"], UNKNOWN),
        (["module.queues.url", "module.queues"], UNKNOWN),
    ],
)
def test_a_link_is_followed_only_to_one_planned_resource(references, expected):
    queues = [change(f"aws_sqs_queue.q[{i}]", {"name": f"q{i}"}) for i in (0, 1)]
    old = change("aws_sqs_queue.old", None, actions=("delete",))
    config = with_references("aws_sqs_queue_policy.p", queue_url=references)
    assert linked_inputs(config, *queues, old)["queueUrl"] == expected


def test_a_link_inside_a_module_instance_is_to_that_instance():
    module = 'module.queues["mail"]'
    policy = change(f"{module}.aws_sqs_queue_policy.p", {}, unknown={"queue_url": True})
    policy["module_address"] = module
    queues = [
        {
            **change(f'module.queues["{key}"].aws_sqs_queue.q', {}),
            "module_address": f'module.queues["{key}"]',
        }
        for key in ("mail", "tasks")
    ]
    inner = with_references(
        "aws_sqs_queue_policy.p", queue_url=["aws_sqs_queue.q.url", "aws_sqs_queue.q"]
    )
    config = {"root_module": {"module_calls": {"queues": {"module": inner["root_module"]}}}}
    doc = plan_of(policy, *queues, configuration=config)
    inputs = plan_from_json(doc, "plan.json", "plan").resources[0].inputs
    assert inputs["queueUrl"] == f"{module}.aws_sqs_queue.q"
