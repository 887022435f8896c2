"""SQS standard queues: each message is a send, a receive and a delete."""

from costmodel.model import usage
from costmodel.model.components import Component, priced

priced(
    "aws:sqs/queue:Queue",
    Component(
        "requests (send, receive, delete)",
        "sqs",
        "standard_requests",
        "requests",
        usage.message_requests(3),
        zone_map="regions",
    ),
)
