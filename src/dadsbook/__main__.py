"""``python -m dadsbook``: la misma línea de órdenes que ``dadsbook``."""

import sys

from dadsbook.cli import main

sys.exit(main())
