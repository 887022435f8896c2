"""Entry point of the policy pack: `pulumi preview --policy-pack policy/`.

Pulumi runs this file from the policy/ folder as a script; tests import it as `policy.__main__`
and call `policies()` without starting the policy server.
"""

import sys
from pathlib import Path

if not __package__:  # run as a script: make the repository's packages importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policy.pack import PACK_NAME, policies

if __name__ == "__main__":
    from pulumi_policy import PolicyPack

    PolicyPack(name=PACK_NAME, policies=policies())
