# The all-aws hosting setup (stacks/Pulumi.all-aws.yaml) written for Terraform, resource for
# resource as `indexplan resources all-aws` lists them, for the peer figure in
# benchmarks/run.py --terraform: `terraform plan` + `terraform show -json`, the first stage of
# an Infracost-style pipeline. Planned offline: dummy credentials, no refresh, no lookups.
# The two generated secrets of the Pulumi program (pulumi-random) are left to AWS instead
# (RDS-managed master password; ElastiCache without an auth token), as only the hashicorp/aws
# provider is mirrored here; the 37 AWS resources are the same, the buckets' HTTPS-only
# deny included.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

locals {
  domain = "example-index.org"
  files  = "files.example-index.org"
  buckets = {
    files   = { storage_class = "INTELLIGENT_TIERING", expire_noncurrent_days = 30 }
    archive = { storage_class = "GLACIER_IR", expire_noncurrent_days = 90 }
  }
}

# storage: two private, versioned, encrypted buckets
resource "aws_s3_bucket" "storage" {
  for_each = local.buckets
  bucket   = "example-index-${each.key}"
}

resource "aws_s3_bucket_versioning" "storage" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.storage[each.key].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "storage" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.storage[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "storage" {
  for_each                = local.buckets
  bucket                  = aws_s3_bucket.storage[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "storage" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.storage[each.key].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "storage" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.storage[each.key].id
  rule {
    id     = "noncurrent"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = each.value.expire_noncurrent_days
    }
    transition {
      days          = 0
      storage_class = each.value.storage_class
    }
  }
}

# cdn: CloudFront reading the files bucket through origin access control
resource "aws_acm_certificate" "cdn" {
  domain_name       = local.files
  validation_method = "DNS"
}

resource "aws_acm_certificate_validation" "cdn" {
  certificate_arn         = aws_acm_certificate.cdn.arn
  validation_record_fqdns = [aws_route53_record.validation.fqdn]
}

resource "aws_cloudfront_origin_access_control" "cdn" {
  name                              = "files-origin-access"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_cache_policy" "immutable" {
  name        = "immutable-files"
  default_ttl = 31536000
  max_ttl     = 31536000
  min_ttl     = 86400
  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled         = true
  is_ipv6_enabled = true
  http_version    = "http2and3"
  aliases         = [local.files]
  price_class     = "PriceClass_All"
  origin {
    origin_id                = "files"
    domain_name              = aws_s3_bucket.storage["files"].bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.cdn.id
  }
  default_cache_behavior {
    target_origin_id       = "files"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = aws_cloudfront_cache_policy.immutable.id
    compress               = true
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate_validation.cdn.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

# A bucket has one policy: the files bucket's carries CloudFront's read grant and the HTTPS-only
# deny (AWS Security Hub control S3.5), as infra/'s https_only_statement does.
resource "aws_s3_bucket_policy" "cdn_reads_files" {
  bucket = aws_s3_bucket.storage["files"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CloudFrontReadsFiles"
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.storage["files"].arn}/*"
      Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.cdn.arn } }
      }, {
      Sid       = "DenyPlainHttp"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.storage["files"].arn, "${aws_s3_bucket.storage["files"].arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.storage]
}

# The archive's own policy: only the HTTPS-only deny.
resource "aws_s3_bucket_policy" "archive_https_only" {
  bucket = aws_s3_bucket.storage["archive"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyPlainHttp"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.storage["archive"].arn, "${aws_s3_bucket.storage["archive"].arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.storage]
}

# database: PostgreSQL on RDS, private, encrypted, password kept by AWS in Secrets Manager
resource "aws_db_parameter_group" "database" {
  name   = "index-postgres16"
  family = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

# network: the database and cache in a VPC of two private subnets with no route out; the app
# (outside this setup) joins the clients group, the only one they admit (infra/network/aws.py)
resource "aws_vpc" "network" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_hostnames = true
  enable_dns_support   = true
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.network.id
}

resource "aws_subnet" "private" {
  for_each                = { a = "10.40.128.0/18", b = "10.40.192.0/18" }
  vpc_id                  = aws_vpc.network.id
  cidr_block              = each.value
  availability_zone       = "us-east-1${each.key}"
  map_public_ip_on_launch = false
}

resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "app_clients" {
  vpc_id      = aws_vpc.network.id
  description = "the index app: attach to reach the database and cache"
  egress {
    protocol    = "tcp"
    from_port   = 5432
    to_port     = 5432
    cidr_blocks = ["10.40.0.0/16"]
  }
  egress {
    protocol    = "tcp"
    from_port   = 6379
    to_port     = 6379
    cidr_blocks = ["10.40.0.0/16"]
  }
}

resource "aws_security_group" "store" {
  for_each    = { database = 5432, cache = 6379 }
  vpc_id      = aws_vpc.network.id
  description = "${each.key}: from the app only"
  ingress {
    protocol        = "tcp"
    from_port       = each.value
    to_port         = each.value
    security_groups = [aws_security_group.app_clients.id]
  }
  egress = []
}

resource "aws_db_subnet_group" "database" {
  name       = "index-postgres"
  subnet_ids = [for s in aws_subnet.private : s.id]
}

resource "aws_elasticache_subnet_group" "cache" {
  name       = "index-redis"
  subnet_ids = [for s in aws_subnet.private : s.id]
}

resource "aws_db_instance" "database" {
  identifier                  = "index-postgres"
  engine                      = "postgres"
  engine_version              = "16"
  instance_class              = "db.r6g.2xlarge"
  allocated_storage           = 500
  storage_type                = "gp3"
  storage_encrypted           = true
  multi_az                    = true
  publicly_accessible         = false
  db_subnet_group_name        = aws_db_subnet_group.database.name
  vpc_security_group_ids      = [aws_security_group.store["database"].id]
  username                    = "index_admin"
  manage_master_user_password = true
  parameter_group_name        = aws_db_parameter_group.database.name
  backup_retention_period     = 7
  deletion_protection         = true
  skip_final_snapshot         = false
  final_snapshot_identifier   = "index-postgres-final"
}

resource "aws_secretsmanager_secret" "database" {
  name = "index-postgres-admin"
}

resource "aws_secretsmanager_secret_version" "database" {
  secret_id = aws_secretsmanager_secret.database.id
  secret_string = jsonencode({
    host     = aws_db_instance.database.address
    username = aws_db_instance.database.username
  })
}

# cache: Redis on ElastiCache, encrypted in transit and at rest
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "index-redis"
  description                = "index cache"
  engine                     = "redis"
  node_type                  = "cache.r6g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  subnet_group_name          = aws_elasticache_subnet_group.cache.name
  security_group_ids         = [aws_security_group.store["cache"].id]
}

# queue: SQS with a dead-letter queue, fed by an SNS topic
resource "aws_kms_key" "queue" {
  description         = "queue encryption"
  enable_key_rotation = true
}

resource "aws_sqs_queue" "dead_letter" {
  name              = "index-tasks-dead-letter"
  kms_master_key_id = aws_kms_key.queue.arn
}

resource "aws_sqs_queue" "tasks" {
  name              = "index-tasks"
  kms_master_key_id = aws_kms_key.queue.arn
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sns_topic" "mail_events" {
  name              = "index-mail-events"
  kms_master_key_id = aws_kms_key.queue.arn
}

resource "aws_sns_topic_subscription" "mail_events_to_tasks" {
  topic_arn = aws_sns_topic.mail_events.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.tasks.arn
}

resource "aws_sqs_queue_policy" "accepts_topic" {
  queue_url = aws_sqs_queue.tasks.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.tasks.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.mail_events.arn } }
    }]
  })
}

# dns: Route 53 with DNSSEC, CAA, the files alias and the certificate's validation record
resource "aws_route53_zone" "dns" {
  name = local.domain
}

resource "aws_kms_key" "dnssec" {
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
  deletion_window_in_days  = 7
}

resource "aws_route53_key_signing_key" "dns" {
  name                       = "index-ksk"
  hosted_zone_id             = aws_route53_zone.dns.id
  key_management_service_arn = aws_kms_key.dnssec.arn
}

resource "aws_route53_hosted_zone_dnssec" "dns" {
  hosted_zone_id = aws_route53_key_signing_key.dns.hosted_zone_id
}

resource "aws_route53_record" "caa" {
  zone_id = aws_route53_zone.dns.zone_id
  name    = local.domain
  type    = "CAA"
  ttl     = 3600
  records = ["0 issue \"amazon.com\""]
}

resource "aws_route53_record" "files" {
  zone_id = aws_route53_zone.dns.zone_id
  name    = local.files
  type    = "A"
  alias {
    name                   = aws_cloudfront_distribution.cdn.domain_name
    zone_id                = aws_cloudfront_distribution.cdn.hosted_zone_id
    evaluate_target_health = false
  }
}

resource "aws_route53_record" "validation" {
  zone_id = aws_route53_zone.dns.zone_id
  name    = tolist(aws_acm_certificate.cdn.domain_validation_options)[0].resource_record_name
  type    = tolist(aws_acm_certificate.cdn.domain_validation_options)[0].resource_record_type
  ttl     = 300
  records = [tolist(aws_acm_certificate.cdn.domain_validation_options)[0].resource_record_value]
}
