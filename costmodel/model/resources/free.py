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

known_unpriced(
    "fastly:index/tlsSubscription:TlsSubscription",
    "Fastly's certificate fees depend on the plan and are not published; no price in the catalog",
)
