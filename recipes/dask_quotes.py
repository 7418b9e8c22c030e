"""The Dask recipe lives in the package now, installed with it:

    pip install 'quote-attribution-service[dask]'
    python -m service.recipes.dask_quotes INPUT_GLOB OUTPUT_DIR ...

This file only keeps ``python recipes/dask_quotes.py ...`` working from a
checkout.  See recipes/README.md.
"""

import sys

from service.recipes.dask_quotes import main

if __name__ == "__main__":
    sys.exit(main())
