"""SNS topics: one publish per message."""

from costmodel.model import usage
from costmodel.model.components import Component, priced

priced(
    "aws:sns/topic:Topic",
    Component(
        "publishes", "sns", "publishes", "requests", usage.message_requests(1), zone_map="regions"
    ),
)
