"""Domain operations. Every write that must be atomic lives here, never in admin or views."""
