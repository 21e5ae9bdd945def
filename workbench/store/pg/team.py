"""Team roles enforced by PostgreSQL itself: group roles, table privileges, row-level security.

Three group roles per project database (`wb_<db>_translator`, `…_reviewer`, `…_admin`; the
reviewer role is a member of the translator role, the admin of the reviewer role, so each
inherits the level below). `team init` creates them, grants table privileges and installs the
policies; `team grant USER LEVEL --langs sq,fa` makes a login role a member and records the
target languages it may write in `team_members`. The rules, all checked by the server:

* everyone in the team reads everything;
* a translator writes drafts and translations (status new/draft/translated), MT suggestions,
  and the memory units of confirmed segments — only for the languages granted;
* a reviewer may also set reviewed/approved; a translator cannot change or remove a translation
  a reviewer has reviewed or approved (a BEFORE trigger refuses it, since a policy can only
  hide such a row, not say no);
* an admin imports documents, edits the glossary, imports memories, manages members.

A client that bypasses workbench (plain psql) meets the same rules: that is the point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from workbench.errors import AccessDeniedError, WorkbenchError

LEVELS = ("translator", "reviewer", "admin")
TRANSLATOR_STATUSES = ("new", "draft", "translated")


@dataclass(frozen=True)
class Member:
    role_name: str
    level: str
    langs: tuple[str, ...]


def group_roles(dbname: str) -> dict[str, str]:
    """The three group role names of the project database `dbname`."""
    base = re.sub(r"[^a-z0-9_]", "_", dbname.lower())[:40]
    return {level: f"wb_{base}_{level}" for level in LEVELS}


def _role_exists(conn: psycopg.Connection[Any], name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() \
        is not None


def _functions(roles: dict[str, str]) -> str:
    t, r, a = (sql.Literal(roles[level]).as_string() for level in LEVELS)
    statuses = ", ".join(f"'{s}'" for s in TRANSLATOR_STATUSES)
    return f"""
CREATE OR REPLACE FUNCTION wb_is(level TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT CASE level WHEN 'admin' THEN pg_has_role(current_user, {a}, 'MEMBER')
                      WHEN 'reviewer' THEN pg_has_role(current_user, {r}, 'MEMBER')
                      ELSE pg_has_role(current_user, {t}, 'MEMBER') END
$$;
CREATE OR REPLACE FUNCTION wb_granted(target TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT wb_is('admin') OR EXISTS (
        SELECT 1 FROM team_members m WHERE m.role_name = current_user
           AND (target = ANY (m.langs) OR '*' = ANY (m.langs)))
$$;
CREATE OR REPLACE FUNCTION wb_may_write(target TEXT, status TEXT) RETURNS BOOLEAN
    LANGUAGE sql STABLE AS $$
    SELECT wb_is('admin') OR (wb_granted(target)
        AND (status IN ({statuses}) OR wb_is('reviewer')))
$$;
CREATE OR REPLACE FUNCTION wb_guard_translation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF wb_is('admin') THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF NOT wb_granted(OLD.lang) THEN
        RAISE EXCEPTION 'the % translation is not one of your languages', OLD.lang
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.status IN ('reviewed', 'approved') AND NOT wb_is('reviewer') THEN
        RAISE EXCEPTION 'segment % [%] is %: only a reviewer may change it',
            OLD.segment_id, OLD.lang, OLD.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
DROP TRIGGER IF EXISTS translations_guard ON translations;
CREATE TRIGGER translations_guard BEFORE UPDATE OR DELETE ON translations
    FOR EACH ROW EXECUTE FUNCTION wb_guard_translation();
"""


# (table, policy name, command, USING, WITH CHECK) for the translator group and up.
_POLICIES = [
    ("translations", "team_read", "SELECT", "true", None),
    ("translations", "team_insert", "INSERT", None, "wb_may_write(lang, status)"),
    ("translations", "team_update", "UPDATE", "true", "wb_may_write(lang, status)"),
    ("translations", "team_delete", "DELETE", "true", None),  # the guard trigger decides
    ("translation_history", "team_read", "SELECT", "true", None),
    ("translation_history", "team_insert", "INSERT", None, "wb_granted(lang)"),
    ("translation_history", "team_update", "UPDATE", "true", "wb_granted(lang)"),
    ("suggestions", "team_read", "SELECT", "true", None),
    ("suggestions", "team_write", "ALL", "wb_granted(lang)", "wb_granted(lang)"),
    ("tm_units", "team_read", "SELECT", "true", None),
    ("tm_units", "team_write", "ALL", "segment_id IS NOT NULL AND wb_granted(tgt_lang)",
     "segment_id IS NOT NULL AND wb_granted(tgt_lang)"),
    ("user_settings", "own_rows", "ALL", "role_name = current_user",
     "role_name = current_user"),
]
_TRANSLATOR_WRITES = {
    "translations": "INSERT, UPDATE, DELETE",
    "suggestions": "INSERT, UPDATE, DELETE",
    "tm_units": "INSERT, UPDATE, DELETE",
    "mt_cache": "INSERT, UPDATE",
    "user_settings": "INSERT, UPDATE, DELETE",
}


def init(conn: psycopg.Connection[Any]) -> dict[str, str]:
    """Create the group roles, privileges and policies (idempotent). Run by the database's
    owner (or a superuser) on an autocommit connection; returns the group role names."""
    dbname = conn.info.dbname
    roles = group_roles(dbname)
    with conn.transaction():
        for level in LEVELS:
            if not _role_exists(conn, roles[level]):
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(
                    sql.Identifier(roles[level])))
        t, r, a = (sql.Identifier(roles[level]) for level in LEVELS)
        conn.execute(sql.SQL("GRANT {} TO {}").format(t, r))
        conn.execute(sql.SQL("GRANT {} TO {}").format(r, a))
        if conn.info.parameter_status("is_superuser") != "on":
            conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(a))
        conn.execute(sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
            sql.Identifier(dbname), t))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(t))
        conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(t))
        for table, privileges in _TRANSLATOR_WRITES.items():
            conn.execute(sql.SQL(f"GRANT {privileges} ON {{}} TO {{}}").format(
                sql.Identifier(table), t))
        conn.execute(sql.SQL("GRANT INSERT, UPDATE (undone, revision) ON translation_history "
                             "TO {}").format(t))
        conn.execute(sql.SQL("GRANT ALL ON ALL TABLES IN SCHEMA public TO {}").format(a))
        conn.execute(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(a))
        conn.execute(_functions(roles))  # type: ignore[arg-type]  # no parameters
        for table in sorted({p[0] for p in _POLICIES}):
            conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(
                sql.Identifier(table)))
            conn.execute(sql.SQL("DROP POLICY IF EXISTS team_admin ON {}").format(
                sql.Identifier(table)))
            conn.execute(sql.SQL("CREATE POLICY team_admin ON {} FOR ALL TO {} USING (true) "
                                 "WITH CHECK (true)").format(sql.Identifier(table), a))
        for table, name, command, using, check in _POLICIES:
            conn.execute(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(
                sql.Identifier(name), sql.Identifier(table)))
            clause = (f" USING ({using})" if using else "") + (
                f" WITH CHECK ({check})" if check else "")
            conn.execute(sql.SQL(f"CREATE POLICY {{}} ON {{}} FOR {command} TO {{}}{clause}")
                         .format(sql.Identifier(name), sql.Identifier(table), t))
    return roles


def grant(conn: psycopg.Connection[Any], user: str, level: str,
          langs: tuple[str, ...]) -> Member:
    """Make login role `user` (created without a password if missing) a team member."""
    if level not in LEVELS:
        raise ValueError(level)
    roles = group_roles(conn.info.dbname)
    with conn.transaction():
        if not _role_exists(conn, roles["translator"]):
            raise LookupError("team init has not been run on this database")
        if not _role_exists(conn, user):
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(user)))
        for other in LEVELS:
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(roles[other]),
                                                             sql.Identifier(user)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles[level]),
                                                      sql.Identifier(user)))
        if level == "admin":  # admins manage members: they create roles and grant groups
            conn.execute(sql.SQL("ALTER ROLE {} CREATEROLE").format(sql.Identifier(user)))
        conn.execute("INSERT INTO team_members(role_name, level, langs) VALUES (%s, %s, %s) "
                     "ON CONFLICT (role_name) DO UPDATE SET level = excluded.level, "
                     "langs = excluded.langs", (user, level, list(langs)))
    return Member(user, level, langs)


def revoke(conn: psycopg.Connection[Any], user: str) -> bool:
    """Take `user` out of the team (the login role itself stays)."""
    roles = group_roles(conn.info.dbname)
    with conn.transaction():
        for level in LEVELS:
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(roles[level]),
                                                             sql.Identifier(user)))
        cur = conn.execute("DELETE FROM team_members WHERE role_name = %s", (user,))
    return cur.rowcount > 0


_VERBS = {"approved": "approve", "reviewed": "mark segments reviewed"}


def refusal(conn: Any, exc: AccessDeniedError, *, segment_id: int, lang: str,
            status: str | None) -> AccessDeniedError:
    """The server's refusal of a translation write, said in the team's terms: what the
    user may not do and why, from their membership ("you may not approve: your role is
    translator (for sq); reviewers approve"), instead of the server's wording (`conn`: the
    store's connection, outside the failed transaction)."""
    try:
        row = conn.execute("SELECT level, langs FROM team_members WHERE role_name = "
                           "current_user").fetchone()
    except WorkbenchError:
        return exc
    hint = "nothing was saved; the project's admin can change your role (workbench team grant)"
    if row is None:
        return AccessDeniedError("you may not change translations: you are not a member of "
                                 "this team project", path=exc.path, hint=hint)
    level, langs = str(row[0]), tuple(row[1] or ())
    granted = ", ".join(langs) or "no language"
    role = f"your role is {level} (for {granted})"
    if level == "admin":
        return exc
    if lang not in langs and "*" not in langs:
        return AccessDeniedError(f"you may not write {lang}: {role}", path=exc.path, hint=hint)
    if status in _VERBS and level == "translator":
        return AccessDeniedError(f"you may not {_VERBS[status]}: {role}; reviewers do",
                                 path=exc.path, hint=hint)
    if "only a reviewer" in exc.message:
        current = conn.execute("SELECT status FROM translations WHERE segment_id = ? AND "
                               "lang = ?", (segment_id, lang)).fetchone()
        what = current[0] if current else "reviewed"
        return AccessDeniedError(f"you may not change this {what} translation: {role}; only a "
                                 "reviewer may", path=exc.path, hint=hint)
    return exc


def members(conn: psycopg.Connection[Any]) -> list[Member]:
    return [Member(r[0], r[1], tuple(r[2])) for r in conn.execute(
        "SELECT role_name, level, langs FROM team_members ORDER BY role_name")]
