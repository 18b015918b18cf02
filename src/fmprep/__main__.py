import sys

from fmprep.entry import main

sys.exit(main())
