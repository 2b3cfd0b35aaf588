"""What every Opora process needs once: settings, database session, tokens, errors, pagination, audit."""
