"""Web capture in the app: the browser child process and the capture dialog."""
