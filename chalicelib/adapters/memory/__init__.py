"""In-memory fakes of every port, for use-case tests; the contract suite keeps them honest."""
