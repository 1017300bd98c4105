"""Web capture: a page loaded by a real browser through a recording proxy, kept as evidence.

No Qt here (the browser runs in a child process, evidencekit.gui.capture.browser): this package
holds the proxy, the record of what went over the wire, the WARC/WACZ writers and the storage of
a capture in the vault.
"""
