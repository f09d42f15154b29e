"""Where the pipeline's jobs run: :mod:`corpus.engine.stream` (this process or worker processes, any size)
and :mod:`corpus.engine.dask` (the tables as Dask DataFrames, jobs on a Dask cluster)."""
