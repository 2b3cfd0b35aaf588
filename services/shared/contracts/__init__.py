"""The shapes two services exchange over HTTP, declared once: the answering service builds them, the reading
service parses them (`Model.model_validate(answer)`), so a change of shape breaks a test, not a document."""
