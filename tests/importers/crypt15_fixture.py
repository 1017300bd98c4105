"""Building msgstore.db.crypt15 files for the tests: a msgstore database made in memory with
WhatsApp's modern schema, encrypted as the app does it, written independently of the importer
(the key derivation below is the app's HMAC "encryption loop", not HKDF from `cryptography`)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import sqlite3
import zlib

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from PIL import Image

KEY_TEXT = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0"
ROOT = bytes.fromhex(KEY_TEXT)
IV = bytes(range(100, 116))

SCHEMA = """
CREATE TABLE jid(_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL,
  agent INTEGER, device INTEGER, type INTEGER, raw_string TEXT);
CREATE TABLE jid_map(lid_row_id INTEGER PRIMARY KEY, jid_row_id INTEGER, sort_id INTEGER);
CREATE TABLE chat(_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE,
  hidden INTEGER, subject TEXT, created_timestamp INTEGER, sort_timestamp INTEGER);
CREATE TABLE message(_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL,
  from_me INTEGER NOT NULL, key_id TEXT NOT NULL, sender_jid_row_id INTEGER, status INTEGER,
  broadcast INTEGER, recipient_count INTEGER, participant_hash TEXT, origination_flags INTEGER,
  origin INTEGER, timestamp INTEGER, received_timestamp INTEGER,
  receipt_server_timestamp INTEGER, message_type INTEGER, text_data TEXT, starred INTEGER,
  lookup_tables INTEGER, sort_id INTEGER NOT NULL DEFAULT 0, message_add_on_flags INTEGER);
CREATE TABLE message_media(message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER,
  autotransfer_retry_enabled INTEGER, multicast_id TEXT, media_job_uuid TEXT,
  transferred INTEGER, transcoded INTEGER, file_path TEXT, file_size INTEGER,
  suspicious_content INTEGER, trim_from INTEGER, trim_to INTEGER, face_x INTEGER,
  face_y INTEGER, media_key BLOB, media_key_timestamp INTEGER, width INTEGER, height INTEGER,
  has_streaming_sidecar INTEGER, gif_attribution INTEGER, thumbnail_height_width_ratio REAL,
  direct_path TEXT, first_scan_sidecar BLOB, first_scan_length INTEGER,
  message_url TEXT, mime_type TEXT, file_length INTEGER, media_name TEXT, file_hash TEXT,
  media_duration INTEGER, page_count INTEGER, enc_file_hash TEXT, partial_media_hash TEXT,
  partial_media_enc_hash TEXT, is_animated_sticker INTEGER, original_file_hash TEXT,
  mute_video INTEGER DEFAULT 0, media_caption TEXT);
CREATE TABLE message_quoted(message_row_id INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_row_id INTEGER NOT NULL, parent_message_chat_row_id INTEGER NOT NULL,
  from_me INTEGER NOT NULL, sender_jid_row_id INTEGER, key_id TEXT NOT NULL,
  timestamp INTEGER, message_type INTEGER, origin INTEGER, text_data TEXT,
  payment_transaction_id TEXT, lookup_tables INTEGER);
CREATE TABLE message_revoked(message_row_id INTEGER PRIMARY KEY, revoked_key_id TEXT NOT NULL,
  admin_jid_row_id INTEGER, revoke_timestamp INTEGER);
CREATE TABLE message_edit_info(message_row_id INTEGER PRIMARY KEY, original_key_id TEXT NOT NULL,
  edited_timestamp INTEGER NOT NULL, sender_timestamp INTEGER NOT NULL);
CREATE TABLE message_system(message_row_id INTEGER PRIMARY KEY, action_type INTEGER NOT NULL);
"""

T0 = 1731441900000  # 2024-11-12 20:05:00 UTC


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


PHOTO = _jpeg()  # the photo as the phone's WhatsApp/Media folder holds it
PHOTO_HASH = base64.b64encode(hashlib.sha256(PHOTO).digest()).decode()  # file_hash's form


def sample_database() -> bytes:
    """Nine messages in two chats (and one whose chat row is missing), every feature once."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    db.executemany("INSERT INTO jid(_id, user, server, type, raw_string) VALUES (?,?,?,?,?)", [
        (1, "33612345678", "s.whatsapp.net", 0, "33612345678@s.whatsapp.net"),
        (2, "212600000000", "s.whatsapp.net", 0, "212600000000@s.whatsapp.net"),
        (3, "120363025246125486", "g.us", 1, "120363025246125486@g.us"),
        (4, "98765432109876", "lid", 19, "98765432109876@lid"),
    ])
    db.execute("INSERT INTO jid_map VALUES (4, 2, 0)")
    db.execute("INSERT INTO chat(_id, jid_row_id, subject) VALUES (1, 1, NULL)")
    db.execute("INSERT INTO chat(_id, jid_row_id, subject) VALUES (2, 3, 'Classe 3B')")
    rows = [  # _id, chat, from_me, key, sender, ts offset (s), type, text
        (1, 1, 0, "K1", 0, 0, 0, "Tu vas voir ce soir"),
        (2, 1, 1, "K2", 0, 60, 0, "Laisse-moi tranquille"),
        (3, 1, 0, "K3", 0, 120, 1, None),
        (4, 1, 0, "K4", 0, 180, 15, None),
        (5, 1, 0, "K5", 0, 240, 0, "texte corrigé"),
        (6, 2, 0, "K6", 2, 300, 0, "ستندم"),
        (7, 2, 0, "K7", 4, 360, 0, "via lid"),
        (8, 2, 0, "K8", 0, 420, 7, None),
        (9, 77, 0, "K9", 0, 480, 0, "orphan"),
    ]
    db.executemany(
        "INSERT INTO message(_id, chat_row_id, from_me, key_id, sender_jid_row_id, timestamp,"
        " message_type, text_data, status) VALUES (?,?,?,?,?,?,?,?,0)",
        [(i, c, f, k, s, T0 + o * 1000, t, x) for i, c, f, k, s, o, t, x in rows])
    db.execute("INSERT INTO message_quoted(message_row_id, chat_row_id, parent_message_chat_row_id,"
               " from_me, sender_jid_row_id, key_id, timestamp, message_type, text_data)"
               " VALUES (2, 1, 1, 0, 1, 'K1', ?, 0, 'Tu vas voir ce soir')", (T0,))
    db.execute("INSERT INTO message_media(message_row_id, chat_row_id, file_path, mime_type,"
               " media_name, media_caption, file_hash) VALUES (3, 1,"
               " 'Media/WhatsApp Images/IMG-20241112-WA0001.jpg', 'image/jpeg', NULL, 'regarde',"
               " ?)", (PHOTO_HASH,))
    db.execute("INSERT INTO message_revoked VALUES (4, 'K4', NULL, ?)", (T0 + 200_000,))
    db.execute("INSERT INTO message_edit_info VALUES (5, 'K5', ?, ?)", (T0 + 300_000, T0))
    db.execute("INSERT INTO message_system VALUES (8, 11)")
    db.commit()
    return db.serialize()


def database_from(script: str) -> bytes:
    db = sqlite3.connect(":memory:")
    db.executescript(script)
    db.commit()
    return db.serialize()


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def header(iv: bytes = IV, version: str = "2.24.10.74", number_end: str = "78") -> bytes:
    info = _field(1, version.encode()) + _field(3, number_end.encode()) + b"\x20\x01\x28\x01"
    prefix = b"\x08\x01" + _field(3, _field(1, iv)) + _field(4, info)
    return bytes([len(prefix)]) + b"\x01" + prefix


def app_key(root: bytes) -> bytes:
    """WhatsApp's derivation as described: HMAC(zeros, root) keys one HMAC of the label + 0x01."""
    private = hmac.new(b"\x00" * 32, root, hashlib.sha256).digest()
    return hmac.new(private, b"backup encryption" + b"\x01", hashlib.sha256).digest()


def encrypt_plain(plain: bytes, root: bytes = ROOT, iv: bytes = IV) -> bytes:
    """A crypt15 file around `plain` (already compressed, or not, as the test wants)."""
    head = header(iv)
    sealed = AESGCM(app_key(root)).encrypt(iv, plain, None)  # ciphertext + 16-byte tag
    body = head + sealed
    return body + hashlib.md5(body).digest()


def encrypt(database: bytes, root: bytes = ROOT) -> bytes:
    return encrypt_plain(zlib.compress(database, 1), root)


def fix_checksum(data: bytes) -> bytes:
    """The file with its MD5 recomputed: what someone altering it carefully would do."""
    return data[:-16] + hashlib.md5(data[:-16]).digest()


LEGACY_SCHEMA = """
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL,
  key_from_me INTEGER, key_id TEXT NOT NULL, status INTEGER, needs_push INTEGER, data TEXT,
  timestamp INTEGER, media_url TEXT, media_mime_type TEXT, media_wa_type TEXT,
  media_size INTEGER, media_name TEXT, media_caption TEXT, media_hash TEXT,
  media_duration INTEGER, origin INTEGER, latitude REAL, longitude REAL, thumb_image TEXT,
  remote_resource TEXT, received_timestamp INTEGER, send_timestamp INTEGER,
  receipt_server_timestamp INTEGER, receipt_device_timestamp INTEGER,
  read_device_timestamp INTEGER, played_device_timestamp INTEGER, raw_data BLOB,
  recipient_count INTEGER, participant_hash TEXT, starred INTEGER, quoted_row_id INTEGER,
  mentioned_jids TEXT, multicast_id TEXT, edit_version INTEGER, media_enc_hash TEXT,
  payment_transaction_id TEXT, forwarded INTEGER, preview_type INTEGER, send_count INTEGER);
CREATE TABLE messages_quotes (_id INTEGER PRIMARY KEY AUTOINCREMENT,
  key_remote_jid TEXT NOT NULL, key_from_me INTEGER, key_id TEXT NOT NULL, status INTEGER,
  needs_push INTEGER, data TEXT, timestamp INTEGER, media_wa_type TEXT, media_name TEXT,
  remote_resource TEXT, quoted_row_id INTEGER, edit_version INTEGER);
CREATE TABLE chat_list (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT UNIQUE,
  message_table_id INTEGER, subject TEXT, creation INTEGER);
"""


def legacy_database() -> bytes:
    """The schema before 2022: five messages, a reply, a photo, a deletion, a group event."""
    db = sqlite3.connect(":memory:")
    db.executescript(LEGACY_SCHEMA)
    db.execute("INSERT INTO chat_list(key_remote_jid, subject) VALUES"
               " ('120363025246125486@g.us', 'Classe 3B')")
    db.execute("INSERT INTO messages_quotes(_id, key_remote_jid, key_from_me, key_id, data)"
               " VALUES (1, '33612345678@s.whatsapp.net', 0, 'L1', 'je sais où tu es')")
    db.executemany(
        "INSERT INTO messages(_id, key_remote_jid, key_from_me, key_id, status, data, timestamp,"
        " media_wa_type, media_name, media_mime_type, remote_resource, quoted_row_id,"
        " edit_version, media_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
            (1, "33612345678@s.whatsapp.net", 0, "L1", 0, "je sais où tu es", T0, "0",
             None, None, None, None, 0, None),
            (2, "33612345678@s.whatsapp.net", 1, "L2", 13, "arrête", T0 + 60_000, "0",
             None, None, None, 1, 0, None),
            (3, "33612345678@s.whatsapp.net", 0, "L3", 0, None, T0 + 120_000, "1",
             "IMG-20211112-WA0001.jpg", "image/jpeg", None, None, 0, PHOTO_HASH),
            (4, "33612345678@s.whatsapp.net", 0, "L4", 0, None, T0 + 180_000, "15",
             None, None, None, None, 7, None),
            (5, "120363025246125486@g.us", 0, "L5", 6, None, T0 + 240_000, "0",
             None, None, "212600000000@s.whatsapp.net", None, 0, None),
            (6, "120363025246125486@g.us", 0, "L6", 0, "ستندم", T0 + 300_000, "0",
             None, None, "212600000000@s.whatsapp.net", None, 0, None),
        ])
    db.commit()
    return db.serialize()
