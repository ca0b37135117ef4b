"""Back office services (Administrator Sistem, Kepala Bidang, Kepala Dinas): master data,
reports and the audit trail. Every function re-checks the acting staff user's role itself."""
