"""`python -m backend.cli …`, as tests and the kiosk's local hall start it: the same as `kiosk-hall …`."""
import sys

from . import main

sys.exit(main())
