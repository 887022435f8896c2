import sys

from indexplan.cli import main

sys.exit(main())
