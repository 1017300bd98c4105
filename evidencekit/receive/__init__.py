"""Receiving files from a phone over the local network (LocalSend protocol v2).

`tlscert` makes the session's certificate in memory, `protocol` reads and checks what senders
send, `session` holds the PIN, the accepted transfers and their tokens, `intake` streams an upload
into the vault, `server` is the HTTPS endpoint, and `address` decides which addresses may be used.
"""
