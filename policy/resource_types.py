"""Pulumi type tokens of the resources the rules read (from the installed provider packages)."""

# AWS
S3_BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
S3_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
S3_ACLS = ("aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2")
S3_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
S3_SSE_CONFIGS = (
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
)
S3_VERSIONINGS = (
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
)
RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_CLUSTER = "aws:rds/cluster:Cluster"
RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
RDS_PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup"
ELASTICACHE_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
ELASTICACHE_CLUSTER = "aws:elasticache/cluster:Cluster"
SQS_QUEUE = "aws:sqs/queue:Queue"
SNS_TOPIC = "aws:sns/topic:Topic"
CLOUDFRONT = "aws:cloudfront/distribution:Distribution"
ROUTE53_ZONE = "aws:route53/zone:Zone"
ROUTE53_KSK = "aws:route53/keySigningKey:KeySigningKey"
ROUTE53_DNSSEC = "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec"

# Google Cloud
GCS_BUCKET = "gcp:storage/bucket:Bucket"
GCS_IAM_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
GCS_IAM_BINDING = "gcp:storage/bucketIAMBinding:BucketIAMBinding"
GCS_IAM_POLICY = "gcp:storage/bucketIAMPolicy:BucketIAMPolicy"
GCS_ACLS = (
    "gcp:storage/bucketACL:BucketACL",
    "gcp:storage/defaultObjectACL:DefaultObjectACL",
    "gcp:storage/objectACL:ObjectACL",
)
GCS_ACCESS_CONTROLS = (
    "gcp:storage/bucketAccessControl:BucketAccessControl",
    "gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl",
    "gcp:storage/objectAccessControl:ObjectAccessControl",
)
CLOUD_SQL = "gcp:sql/databaseInstance:DatabaseInstance"
MEMORYSTORE = "gcp:redis/instance:Instance"
HTTPS_PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy"
HTTP_PROXY = "gcp:compute/targetHttpProxy:TargetHttpProxy"
SSL_POLICY = "gcp:compute/sSLPolicy:SSLPolicy"
URL_MAP = "gcp:compute/uRLMap:URLMap"
CLOUD_DNS_ZONE = "gcp:dns/managedZone:ManagedZone"

# Fastly
FASTLY = "fastly:index/serviceVcl:ServiceVcl"
FASTLY_TLS_SUBSCRIPTION = "fastly:index/tlsSubscription:TlsSubscription"
FASTLY_TLS_ACTIVATION = "fastly:index/tlsActivation:TlsActivation"
