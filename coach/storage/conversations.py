"""Store: conversations, feedback and plan progress in one local SQLite file.

Everything stays in ``COACH_DATA_DIR`` on the user's machine. Writes are single
transactions in WAL mode, so a process killed mid-save leaves the file readable
with every confirmed message intact. ``delete_all`` removes the file itself.
Nothing here is logged. The store knows nothing about models or retrieval.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from coach.present.render import sources_quoted

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, mode TEXT NOT NULL, persona TEXT,
    created REAL NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL, content TEXT NOT NULL, route TEXT, sources TEXT, meta TEXT, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE, rating INTEGER NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS plan (
    day INTEGER PRIMARY KEY, done INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '', updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation_id, id);
"""
TITLE_CHARS = 60


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._open()

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)

    @contextmanager
    def _tx(self):
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        """Read under the same lock as writes: the one connection is shared by threads."""
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- conversations -----------------------------------------------------------
    def new_conversation(self, mode: str, title: str = "New conversation", persona: str | None = None) -> str:
        cid = uuid.uuid4().hex[:12]
        now = time.time()
        with self._tx() as db:
            db.execute("INSERT INTO conversations VALUES (?,?,?,?,?,?)", (cid, title[:TITLE_CHARS], mode, persona, now, now))
        return cid

    def add_message(self, cid: str, role: str, content: str, route: str | None = None,
                    sources: list | None = None, meta: dict | None = None) -> int:
        """Save one message; returns its id once it is safely on disk."""
        now = time.time()
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO messages (conversation_id, role, content, route, sources, meta, created) VALUES (?,?,?,?,?,?,?)",
                (cid, role, content, route, json.dumps(sources or []), json.dumps(meta or {}), now),
            )
            first = db.execute("SELECT COUNT(*) FROM messages WHERE conversation_id=?", (cid,)).fetchone()[0] == 1
            if first and role == "user":
                db.execute("UPDATE conversations SET title=? WHERE id=? AND title='New conversation'",
                           (" ".join(content.split())[:TITLE_CHARS], cid))
            db.execute("UPDATE conversations SET updated=? WHERE id=?", (now, cid))
        return int(cur.lastrowid)

    def conversations(self) -> list[dict[str, Any]]:
        rows = self._query("SELECT * FROM conversations ORDER BY updated DESC")
        return [dict(r) for r in rows]

    def conversation(self, cid: str) -> dict[str, Any] | None:
        rows = self._query("SELECT * FROM conversations WHERE id=?", (cid,))
        return dict(rows[0]) if rows else None

    def messages(self, cid: str) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT m.*, f.rating FROM messages m LEFT JOIN feedback f ON f.message_id = m.id "
            "WHERE conversation_id=? ORDER BY m.id", (cid,))
        out = []
        for r in rows:
            d = dict(r)
            d["sources"] = json.loads(d["sources"] or "[]")
            d["meta"] = json.loads(d["meta"] or "{}")
            out.append(d)
        return out

    def rename(self, cid: str, title: str) -> None:
        title = " ".join(title.split())[:TITLE_CHARS] or "Untitled"
        with self._tx() as db:
            db.execute("UPDATE conversations SET title=? WHERE id=?", (title, cid))

    def delete(self, cid: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM conversations WHERE id=?", (cid,))

    # -- feedback ------------------------------------------------------------------
    def rate(self, message_id: int, rating: int) -> None:
        """Thumbs up (1) or down (0) on an answer, kept with the answer and its sources."""
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO feedback VALUES (?,?,?)", (message_id, int(rating), time.time()))

    def feedback(self) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT f.rating, m.content, m.sources, m.route FROM feedback f JOIN messages m ON m.id=f.message_id"
        )
        return [{**dict(r), "sources": json.loads(r["sources"] or "[]")} for r in rows]

    # -- plan ----------------------------------------------------------------------
    def plan_state(self) -> dict[int, dict[str, Any]]:
        return {r["day"]: dict(r) for r in self._query("SELECT * FROM plan")}

    def set_plan_day(self, day: int, done: bool | None = None, note: str | None = None) -> None:
        now = time.time()
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO plan (day, done, note, updated) VALUES (?,0,'',?)", (day, now))
            if done is not None:
                db.execute("UPDATE plan SET done=?, updated=? WHERE day=?", (int(done), now, day))
            if note is not None:
                db.execute("UPDATE plan SET note=?, updated=? WHERE day=?", (note, now, day))

    def get_setting(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM settings WHERE key=?", (key,))
        return rows[0]["value"] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO settings VALUES (?,?)", (key, value))

    # -- export and deletion -------------------------------------------------------
    def export_json(self, cid: str) -> str:
        return json.dumps({"conversation": self.conversation(cid), "messages": self.messages(cid)},
                          ensure_ascii=False, indent=2)

    def export_markdown(self, cid: str) -> str:
        conv = self.conversation(cid) or {"title": "Conversation"}
        lines = [f"# {conv['title']}", ""]
        for m in self.messages(cid):
            who = "You" if m["role"] == "user" else "Coach"
            lines += [f"**{who}:** {m['content']}", ""]
            lines += sources_quoted(m["sources"])
            if m["sources"]:
                lines.append("")
        return "\n".join(lines)

    def delete_all(self) -> None:
        """Delete every conversation, rating, plan note and setting: the file itself goes."""
        with self._lock:
            self._db.close()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self._open()
