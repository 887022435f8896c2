"""Resource types that cost nothing by themselves, each declared on purpose with its reason,
and types known to cost money whose price is not published (unpriced, with the reason)."""

from costmodel.model.components import free, known_unpriced

free(
    "configuration of a resource priced elsewhere",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    "aws:cloudfront/cachePolicy:CachePolicy",
    "aws:cloudfront/originAccessControl:OriginAccessControl",
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec",
    "aws:route53/keySigningKey:KeySigningKey",
    "gcp:sql/database:Database",
    "gcp:bigquery/table:Table",  # its bytes are priced on the dataset
)
free(
    "access policy or identity (no charge)",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:sqs/queuePolicy:QueuePolicy",
    "aws:iam/user:User",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/accessKey:AccessKey",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "gcp:serviceaccount/account:Account",
    "gcp:storage/bucketIAMMember:BucketIAMMember",
    "gcp:storage/hmacKey:HmacKey",
    "gcp:projects/iAMMember:IAMMember",
    "gcp:sql/user:User",
)
free(
    "subscription or DNS record (usage is priced on its topic or zone)",
    "aws:sns/topicSubscription:TopicSubscription",
    "gcp:pubsub/subscription:Subscription",
    "aws:route53/record:Record",
    "gcp:dns/recordSet:RecordSet",
)
free(
    "public TLS certificates are free",
    "aws:acm/certificate:Certificate",
    "aws:acm/certificateValidation:CertificateValidation",
    "gcp:compute/managedSslCertificate:ManagedSslCertificate",
)
free(
    "VPC networking for private database access (no charge by itself)",
    "gcp:compute/network:Network",
    "gcp:compute/globalAddress:GlobalAddress",
    "gcp:servicenetworking/connection:Connection",
)
free(
    "not a cloud resource (Pulumi provider, generated value)",
    "pulumi:providers:aws",
    "pulumi:providers:gcp",
    "pulumi:providers:fastly",
    "pulumi:providers:random",
    "random:index/randomPassword:RandomPassword",
    "random:index/randomId:RandomId",
    "random:index/randomString:RandomString",
)
free(
    "load balancer configuration; its forwarding rules carry the charge",
    "gcp:compute/sSLPolicy:SSLPolicy",
    "gcp:compute/targetHttpProxy:TargetHttpProxy",
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    "gcp:compute/uRLMap:URLMap",
)

free(
    "priced with its secret",
    "aws:secretsmanager/secretVersion:SecretVersion",
)

# ---- issue 12 (the whole index): its types, free on purpose or unpriced until its pricing part --
free(
    "configuration or identity of a resource priced elsewhere (issue 12)",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:ecs/taskDefinition:TaskDefinition",  # its tasks are billed on the ECS service
    "aws:appautoscaling/target:Target",
    "aws:appautoscaling/policy:Policy",
    "aws:lb/listener:Listener",  # the load balancer carries the charge
    "aws:lb/targetGroup:TargetGroup",
    "aws:sesv2/configurationSet:ConfigurationSet",  # messages are billed per identity's sends
    "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination",
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
    "ec:index/deploymentTrafficFilter:DeploymentTrafficFilter",
    "cloudflare:index/zoneSetting:ZoneSetting",
    # cache rules are part of every plan; WAF custom rules (a private index's token check) of
    # the plan its zone subscription pays for
    "cloudflare:index/ruleset:Ruleset",
    "cloudflare:index/r2CustomDomain:R2CustomDomain",
    "cloudflare:index/r2ManagedDomain:R2ManagedDomain",
    "datadog:index/monitor:Monitor",  # Datadog bills hosts, metrics and logs, not monitors
)
free(
    # Tokens are a quota, not a bill: 500 account API tokens per account
    # (developers.cloudflare.com/fundamentals/api/reference/limits/); the R2 reads it signs are
    # priced on the bucket as Class B operations
    "a Cloudflare API token is free (Fastly's read-only key to a private R2 bucket)",
    "cloudflare:index/accountToken:AccountToken",
)
free(
    "VPC networking (no charge by itself; the NAT gateway and addresses are priced)",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/securityGroup:SecurityGroup",
    "gcp:compute/subnetwork:Subnetwork",
    "gcp:compute/address:Address",  # an internal address (the search endpoint's) is free
)
free(
    "not a cloud resource (Pulumi provider)",
    "pulumi:providers:cloudflare",
    "pulumi:providers:datadog",
    "pulumi:providers:ec",
)
known_unpriced(
    "gcp:compute/forwardingRule:ForwardingRule",
    "a Private Service Connect endpoint's hourly and per-GB fees were not found in a dated "
    "source; not in the catalog",
)
known_unpriced(
    "ec:index/deployment:Deployment",
    "Elastic Cloud prices a deployment by its hardware profile, size and region on "
    "elastic.co/pricing; no stored copy of those rates was found, so none is in the catalog",
)
# ---- databases and caches in the stack's VPC (s10-vpc) ----------------------------------------
# Sources, checked 2026-11-30: AWS's RDS for PostgreSQL and ElastiCache pricing pages bill
# instances or nodes, storage, backups, I/O and data transfer, and no dimension for a subnet
# group (a list of subnets the service picks addresses from); the VPC's primitives, security
# groups and their rules included, are free to create (third-party: factualminds.com, "Amazon
# VPC Pricing: The VPC Is Free", 2026-06-13, us-east-1). What crosses zones between the app and
# the database is data transfer, which the model does not price for either placement.
free(
    "placement of a database or cache in the VPC (no charge; the instance or nodes are priced)",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:elasticache/subnetGroup:SubnetGroup",
)
free(
    "a security group's rule (no charge, like the group)",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
)
