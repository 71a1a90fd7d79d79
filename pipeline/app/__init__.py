"""The application: wiring (`services`), the order of the stages (`cycle`), the service's
jobs (`scheduler`), the command line (`cli`) and the offline demo (`demo`)."""
