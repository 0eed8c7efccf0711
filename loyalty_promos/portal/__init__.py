"""The customer's side: pages, forms and template tags a host plugs into its own site."""
