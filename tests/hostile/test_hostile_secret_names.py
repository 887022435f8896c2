"""The secret-name heuristic on a corpus, as secret scanners judge key names.

Positives: the names the issue lists as missed, and key names from Yelp detect-secrets'
KeywordDetector denylist (detect_secrets/plugins/keyword.py: api_key, auth_key, service_key,
account_key, db_key, client_key, aws_secret_access_key, db_pass, password, passwd, pass, pwd,
private_key, priv_key, secret, keypass, token, contrasena), written the ways config keys are
(camelCase, snake_case, kebab-case, namespaced, plural, numbered). Negatives: names of a
secret's id, name, length or switch, and keys that are not keys to anything.
"""

from __future__ import annotations

import pytest

from policy.secret_names import looks_secret

ISSUE_MISSES = (
    "dbpass",
    "pwd",
    "password1",
    "passwords",
    "apiKeys",
    "tokens",
    "smtp_pass",
    "credentialsJson",
    "publicKeySecret",
)
SCANNER_KEYWORDS = (
    "apikey",
    "api_key",
    "x-api-key",
    "appKey",
    "auth_key",
    "serviceKey",
    "accountKey",
    "db_key",
    "databaseKey",
    "clientKey",
    "aws_secret_access_key",
    "db_pass",
    "password",
    "PASSWORD",
    "DB_PASSWORD",
    "passwd",
    "pass",
    "private_key",
    "privateKey",
    "priv_key",
    "privkey",
    "secret",
    "client_secret",
    "keypass",
    "token",
    "contrasena",
    "contraseña",
)
CLOUD_AND_CONFIG = (
    "indexplan:db_password",
    "fastly:apiKey",
    "aws:secretKey",
    "gcp:credentials",
    "authToken",
    "accessToken",
    "sessionToken",
    "githubTokenValue",
    "secretString",
    "secretBinary",
    "passwordWo",
    "masterPassword",
    "adminPass",
    "rootPwd",
    "sslClientKey",
    "signingKey",
    "encryptionKey",
    "privateKeyPem",
    "tlsPrivateKey",
    "webhookSecret",
    "oauthClientSecret",
    "passphrase",
    "password_hash",
    "key",
    "apiKey2",
    "slack_tokens",
)
NOT_SECRETS = (
    "aws:region",
    "kmsKeyId",
    "kmsMasterKeyId",
    "kmsKeyName",
    "keyName",
    "accessKeyId",
    "secretId",
    "secretArn",
    "secretName",
    "passwordLength",
    "passwordWoVersion",
    "passwordPolicy",
    "authTokenUpdateStrategy",
    "tokenEndpoint",
    "tokenUrl",
    "keyRotationEnabled",
    "skipCredentialsValidation",
    "manageMasterUserPasswordRotation",
    "publicKey",
    "public_key",
    "hashKey",
    "rangeKey",
    "sortKey",
    "cacheKey",
    "objectKey",
    "s3Key",
    "monkey",
    "bypassGovernanceRetention",
    "passthroughBehavior",
    "tokenizer",
    "indexplan:sponsors",
    "value",
    "name",
)


@pytest.mark.parametrize("name", ISSUE_MISSES + SCANNER_KEYWORDS + CLOUD_AND_CONFIG)
def test_secret_names(name):
    assert looks_secret(name)


@pytest.mark.parametrize("name", NOT_SECRETS)
def test_names_that_are_not_secrets(name):
    assert not looks_secret(name)
