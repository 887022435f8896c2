"""Cost model: prices a resource graph under a traffic scenario. Never imports Pulumi."""
