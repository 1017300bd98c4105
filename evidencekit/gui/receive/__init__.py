"""“Receive from my phone”: the LocalSend receiver, shown while it runs."""
