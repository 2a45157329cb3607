"""Interception records: import, storage, access control and aggregation (UNODC 2011, rec. 7)."""
