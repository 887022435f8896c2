"""Entry point of the policy pack: `pulumi preview --policy-pack policy/`.

Pulumi runs this folder as a script (`python -m pulumi.policy <engine> policy/`); tests import
it as `policy.__main__` and call `policies()` without starting the policy server.
"""

import sys
from pathlib import Path

if not __package__:  # run as a script: import the repository's packages, not this folder's
    HERE = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    sys.path.insert(0, str(HERE.parent))

from policy.pack import PACK_NAME, policies

if __name__ == "__main__":
    from pulumi_policy import PolicyPack

    PolicyPack(name=PACK_NAME, policies=policies())
