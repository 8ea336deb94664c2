import sys

from petsard.cli import main

sys.exit(main())
