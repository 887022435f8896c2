"""Whether a key's name says it holds a secret, the way secret scanners decide it.

Yelp's detect-secrets (`plugins/keyword.py`) flags a value whose key contains one of its
keywords (password, passwd, pass, pwd, secret, token, private_key, api_key, db_pass, ...) with
any prefix or suffix: `dbpass`, `smtp_pass`, `password1`, `apiKeys` and `tokens` all count.
This follows it on the key's last word, its head (`skipCredentialsValidation` is a switch,
`secretName` a name, `passwordLength` a number, `kmsKeyId` an id), and adds what cloud inputs
need: a holder word after the secret (`secretString`, `credentialsJson`) still holds it; and
`key` is a secret only after a word saying whose key it is (`apiKey`, `sslClientKey`), not among
the many keys that are not keys to anything (`publicKey`, `hashKey`, `cacheKey`).
tests/hostile/test_hostile_secret_names.py holds the corpus it is tested on.
"""

from __future__ import annotations

import re

# A word that, in it or at its end, means the value is a secret (detect-secrets' keywords).
_SECRET_IN_WORD = re.compile(r"passw(or)?d|passphrase|secret|credential|token|contrase(n|ñ)a")
_SECRET_AT_END = re.compile(r"(pass|pwd|keypass|privkey|apikey|privatekey)$")
# Words that contain `pass` or `token` without meaning a secret.
_NOT_SECRET_WORDS = frozenset(
    {"bypass", "compass", "overpass", "underpass", "surpass", "trespass", "passthrough"}
    | {"passive", "passing", "passes", "tokenizer", "tokenization", "passage"}
)
# `<word>Key` is a secret key for these words and the bare `key`; other keys are names of
# attributes or objects (hashKey, sortKey, cacheKey, objectKey, publicKey).
_SECRET_KEY_WORDS = frozenset(
    {"api", "app", "application", "auth", "service", "account", "db", "database", "client"}
    | {"private", "priv", "secret", "access", "signing", "master", "encryption"}
    | {"hmac", "session", "license", "webhook", "sas", "shared", "storage", "admin", "root"}
    | {"ssl", "tls", "x509", "jwt", "aws", "gcp", "fastly", "deploy", "write", "read"}
    | {"sshprivate", "gpg", "pgp", "token"}
)
# A last word that holds what the word before it names: `secretString`, `credentialsJson`.
_HOLDER_WORDS = frozenset(
    {"string", "value", "binary", "data", "pem", "json", "b64", "base64", "text", "content"}
    | {"plaintext", "plain", "raw", "hex", "bytes", "body", "hash"}
)
# A last word that names, locates or describes a secret without holding it.
_DESCRIBING_WORDS = frozenset(
    {"id", "arn", "name", "version", "stage", "length", "type", "enabled", "count", "policy"}
    | {"rotation", "url", "uri", "endpoint", "path", "file", "location", "ref", "reference"}
    | {"prefix", "algorithm", "format", "size", "bits", "ttl", "expiry", "expiration", "strategy"}
    | {"mode", "required", "parameter", "provider", "source", "selector", "label", "hint"}
    | {"spec", "usage", "state", "status", "field", "env", "variable", "header", "min", "max"}
)


def words(name: str) -> list[str]:
    """`indexplan:db_password` → [indexplan, db, password]; `apiKeys2` → [api, keys, 2]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])|([A-Za-z])([0-9])", r"\1\3 \2\4", name)
    return [w.lower() for w in re.split(r"[^A-Za-z0-9ñÑ]+", spaced) if w]


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us")) else word


def looks_secret(name: str) -> bool:
    """Whether a key named `name` holds a secret when its value is a plain string or number.
    Switches such as `manageMasterUserPassword` look like one; only string and number values
    are ever flagged, so their true and false never are."""
    parts = [_singular(w) for w in words(name) if not w.isdigit()]
    while parts and parts[-1] == "wo":  # Pulumi's write-only twins: passwordWo
        parts.pop()
    if len(parts) > 1 and parts[-1] in _HOLDER_WORDS:
        parts.pop()
    if not parts or parts[-1] in _DESCRIBING_WORDS or parts[-1] in _NOT_SECRET_WORDS:
        return False
    head = parts[-1]
    if _SECRET_IN_WORD.search(head) or _SECRET_AT_END.search(head):
        return True
    if head == "key":
        return len(parts) == 1 or parts[-2] in _SECRET_KEY_WORDS
    return head.endswith("key") and head[:-3] in _SECRET_KEY_WORDS


# The config keys the program reads with get_secret or require_secret (infra/): secrets by
# definition, whatever their names look like (`readerKey` is no `<word>Key` of the heuristic).
# tests/policy/test_policy_config_secrets.py holds this list to infra/.
CONFIG_SECRETS = frozenset(
    {
        "b2:applicationKey",
        "b2:keyId",
        "b2:readerKey",
        "cloudflare:apiToken",
        "datadog:apiKey",
        "datadog:appKey",
        "ec:apikey",
        "fastly:apiKey",
        "r2:readerKey",
    }
)
