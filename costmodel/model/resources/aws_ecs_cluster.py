"""ECS clusters: nothing by themselves (tasks are billed on the service), but Container Insights,
when a cluster turns it on, bills CloudWatch custom metrics and performance log events per task
(docs.aws.amazon.com/AmazonECS/latest/developerguide/cloud-watch-container-insights.html:
"Metrics collected by Container Insights are charged as custom metrics")."""

from costmodel.model.components import free_when, known_unpriced
from costmodel.model.graph import Resource

CLUSTER = "aws:ecs/cluster:Cluster"
SETTING = "containerInsights"  # the ECS API's ClusterSetting name


def insights_off(cluster: Resource) -> bool:
    """The cluster's own containerInsights setting says `disabled`. Unset, the account's default
    applies, which this graph does not show: not known to be off."""
    settings = cluster.inputs.get("settings")
    if not isinstance(settings, list):
        return False
    values = [s.get("value") for s in settings if isinstance(s, dict) and s.get("name") == SETTING]
    return values == ["disabled"]


free_when("Container Insights off (containerInsights: disabled)", CLUSTER, insights_off)
known_unpriced(
    CLUSTER,
    "Container Insights is on (containerInsights enabled or enhanced) or the cluster does not "
    "say, so the account's setting applies: it bills CloudWatch custom metrics and performance "
    "log events per task, whose count and rates no dated source in the catalog gives; set "
    "containerInsights to disabled (indexplan:app.container_insights) to leave it out",
)
