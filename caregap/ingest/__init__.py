"""Reading a user's survey export (CSV or XLSX), mapping it onto the contract and checking it before import."""
