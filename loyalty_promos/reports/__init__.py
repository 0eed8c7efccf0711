"""Reports and exports: FilterSets, declared columns (resources), streaming writers."""
