"""Recipes that run the engine over archives with other tools, installed with
the package but importing those tools only when used: ``dask_quotes`` needs
``pip install 'quote-attribution-service[dask]'``."""
