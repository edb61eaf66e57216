"""The archive on disk: commits, locks, the cron inbox, sidecars, verify and repair."""
