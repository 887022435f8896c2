"""cdn-https-only: HTTPS only, TLS 1.2 minimum, TLS to the origin."""

from policy_graphs import messages, res

CLOUDFRONT = "aws:cloudfront/distribution:Distribution"
HTTPS_PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy"
HTTP_PROXY = "gcp:compute/targetHttpProxy:TargetHttpProxy"
SSL_POLICY = "gcp:compute/sSLPolicy:SSLPolicy"
URL_MAP = "gcp:compute/uRLMap:URLMap"
FASTLY = "fastly:index/serviceVcl:ServiceVcl"


def distribution(viewer: str, minimum: str, **certificate) -> object:
    return res(
        CLOUDFRONT,
        "cdn",
        defaultCacheBehavior={"viewerProtocolPolicy": viewer, "targetOriginId": "s3"},
        orderedCacheBehaviors=[{"pathPattern": "/packages/*", "viewerProtocolPolicy": viewer}],
        viewerCertificate={"minimumProtocolVersion": minimum, **certificate},
        origins=[
            {
                "originId": "s3",
                "domainName": "files.s3.amazonaws.com",
                "originAccessControlId": "oac",
            }
        ],
    )


def fastly(backend: dict, request_settings: list) -> object:
    backend = {"name": "storage", "address": "files.storage.googleapis.com", **backend}
    return res(FASTLY, "cdn", backends=[backend], requestSettings=request_settings)


def test_https_only_cdns_pass():
    graph = [
        distribution(
            "redirect-to-https",
            "TLSv1.2_2021",
            acmCertificateArn="arn:aws:acm:us-east-1:1:certificate/x",
        ),
        res(SSL_POLICY, "tls12", minTlsVersion="TLS_1_2", profile="MODERN"),
        res(HTTPS_PROXY, "https", sslPolicy="tls12-0f1e2d3", urlMap="site-4a5b6c7"),
        res(URL_MAP, "redirect", defaultUrlRedirect={"httpsRedirect": True, "stripQuery": False}),
        res(HTTP_PROXY, "http", urlMap="redirect-8d9e0f1"),
        fastly(
            {
                "useSsl": True,
                "sslCertHostname": "files.storage.googleapis.com",
                "minTlsVersion": "1.2",
            },
            [{"name": "tls", "forceSsl": True}],
        ),
    ]
    assert messages("cdn-https-only", *graph) == []


def test_cloudfront_allowing_http_and_old_tls_fails():
    cdn = distribution("allow-all", "TLSv1", cloudfrontDefaultCertificate=True)
    assert messages("cdn-https-only", cdn) == [
        "cdn: CloudFront defaultCacheBehavior.viewerProtocolPolicy must be "
        "redirect-to-https or https-only, got 'allow-all'",
        "cdn: CloudFront orderedCacheBehaviors[0].viewerProtocolPolicy must be "
        "redirect-to-https or https-only, got 'allow-all'",
        "cdn: CloudFront uses the default *.cloudfront.net certificate, which allows TLS 1.0; "
        "use an ACM certificate",
        "cdn: CloudFront viewerCertificate.minimumProtocolVersion must be TLSv1.2_2021 or later, "
        "got 'TLSv1'",
    ]


def test_cloud_cdn_without_ssl_policy_or_with_plain_http_fails():
    graph = [
        res(SSL_POLICY, "compatible", minTlsVersion="TLS_1_0"),
        res(HTTPS_PROXY, "https", sslPolicy="compatible-0f1e2d3"),
        res(HTTPS_PROXY, "https-default"),
        res(URL_MAP, "site", defaultService="backend-bucket"),
        res(HTTP_PROXY, "http", urlMap="site-4a5b6c7"),
    ]
    assert messages("cdn-https-only", *graph) == [
        "https: HTTPS proxy needs an SSL policy with minTlsVersion TLS_1_2 (Google's default "
        "allows TLS 1.0), got 'TLS_1_0'",
        "https-default: HTTPS proxy needs an SSL policy with minTlsVersion TLS_1_2 (Google's "
        "default allows TLS 1.0), got no SSL policy",
        "http: plain-HTTP proxy must only redirect to HTTPS "
        "(a URL map with defaultUrlRedirect.httpsRedirect true)",
    ]


def test_fastly_without_forced_tls_or_origin_tls_fails():
    # A forceSsl setting behind a condition applies to some requests only.
    conditional = [{"name": "tls", "forceSsl": True, "requestCondition": "not-health-check"}]
    cdn = fastly({"useSsl": False, "sslCheckCert": False, "minTlsVersion": "1.2"}, conditional)
    assert messages("cdn-https-only", cdn) == [
        "cdn: Fastly service does not force TLS: "
        "add requestSettings with forceSsl true and no condition",
        "cdn: Fastly backend storage: useSsl must be true, got False",
        "cdn: Fastly backend storage: sslCheckCert must not be false",
    ]
