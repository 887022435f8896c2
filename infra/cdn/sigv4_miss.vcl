# Signs origin fetches with AWS Signature V4 so the bucket can stay private.
# Placeholders (@@NAME@@) are filled by infra/cdn/fastly.py; the rendered snippet is a secret.
# Each value placeholder is a whole "..." literal and its value is %XX-escaped there, so no
# value can add VCL; @@CONDITION@@ is VCL the program writes itself.
# @@CONDITION@@ picks the backend being fetched from when an archive backs the primary.
declare local var.accessKey STRING;
declare local var.secretKey STRING;
declare local var.region STRING;
declare local var.dateStamp STRING;
declare local var.scope STRING;
declare local var.canonicalRequest STRING;
declare local var.stringToSign STRING;
declare local var.signature STRING;

set var.accessKey = "@@ACCESS_KEY_ID@@";
set var.secretKey = "@@SECRET@@";
set var.region = "@@REGION@@";

if (!req.backend.is_shield@@CONDITION@@) {
  set bereq.http.host = "@@HOST@@";
  set bereq.url = "@@PATH_PREFIX@@" querystring.remove(bereq.url);
  set bereq.http.x-amz-content-sha256 = regsub(digest.hash_sha256(""), "^0x", "");
  set bereq.http.x-amz-date = strftime({"%Y%m%dT%H%M%SZ"}, now);
  set var.dateStamp = strftime({"%Y%m%d"}, now);
  set var.scope = var.dateStamp "/" var.region "/s3/aws4_request";
  set var.canonicalRequest = bereq.method LF bereq.url.path LF LF
    "host:" bereq.http.host LF
    "x-amz-content-sha256:" bereq.http.x-amz-content-sha256 LF
    "x-amz-date:" bereq.http.x-amz-date LF LF
    "host;x-amz-content-sha256;x-amz-date" LF
    bereq.http.x-amz-content-sha256;
  set var.stringToSign = "AWS4-HMAC-SHA256" LF bereq.http.x-amz-date LF var.scope LF
    regsub(digest.hash_sha256(var.canonicalRequest), "^0x", "");
  set var.signature = digest.awsv4_hmac(var.secretKey, var.dateStamp, var.region, "s3", var.stringToSign);
  set bereq.http.Authorization = "AWS4-HMAC-SHA256 Credential=" var.accessKey "/" var.scope
    ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="
    regsub(var.signature, "^0x", "");
  unset bereq.http.Cookie;
}
