"""The back office under /admin: staff login, desk inboxes, the processing page, master
data, reports and the audit log. Desktop-first; every check is in the services."""
