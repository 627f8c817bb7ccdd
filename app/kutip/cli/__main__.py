"""`python -m kutip.cli`: the command line alone, without the window."""

import sys

from kutip.cli import main

sys.exit(main())
