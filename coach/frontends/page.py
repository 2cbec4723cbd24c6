"""Page: the Streamlit widgets for each mode (Ask, Practice, Phrasing, 30-day plan).

``app.py`` lays out the page and calls these. Every message is saved locally
before the coach is called, so a failing model never loses what was typed; a
Retry button re-sends it. Nothing here decides advice: it calls ``Coach``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coach.knowledge.plan import DAYS, parse_plan, phase_for, today_index
from coach.models.factory import is_small_model
from coach.pipelines.request import Request
from coach.present.render import debrief_lines, source_markdown, variants_markdown
from coach.present.reply import BackendError, InputError, Reply
from coach.respond import prompts
from coach.service import Coach
from coach.storage.conversations import Store

MODES = {"Ask": "ask", "Practice": "practice", "Phrasing": "phrasing", "30-day plan": "plan"}


def show_sources(sources: list[dict]) -> None:
    if sources:
        with st.expander(f"Sources ({len(sources)})", expanded=False):
            for s in sources:
                st.markdown(source_markdown(s))
                st.caption(s["text"])


def show_feedback(store: Store, message: dict) -> None:
    if message["role"] != "assistant" or message.get("route") not in ("answer", "refusal"):
        return
    key = f"fb-{message['id']}"
    if key not in st.session_state and message.get("rating") is not None:
        st.session_state[key] = message["rating"]
    st.feedback("thumbs", key=key, on_change=lambda: store.rate(message["id"], st.session_state[key]))


def show_history(store: Store, cid: str | None, feedback: bool = False) -> None:
    for m in store.messages(cid) if cid else []:
        with st.chat_message("user" if m["role"] == "user" else "assistant"):
            st.markdown(m["content"])
            if m["meta"].get("move"):
                st.caption(f"Your move: {m['meta']['move'].replace('_', ' ')}")
            show_sources(m["sources"])
            if feedback:
                show_feedback(store, m)


def _ensure_conversation(store: Store, mode: str, persona: str | None = None) -> str:
    state = st.session_state
    if not state.get("conv") or (store.conversation(state.conv) or {}).get("mode") != mode:
        state.conv = store.new_conversation(mode, persona=persona)
    return state.conv


def _answer(coach: Coach, store: Store, cid: str, message: str) -> None:
    history = [{"role": m["role"], "content": m["content"]} for m in store.messages(cid)][:-1]
    request = coach.request(message, "ask", history)
    try:
        if is_small_model(coach.settings):
            with st.spinner("Thinking…"):
                reply = coach.ask(request)
        else:
            with st.chat_message("assistant"):
                box, text, reply = st.empty(), "", None
                for part in coach.ask_stream(request):
                    if isinstance(part, Reply):
                        reply = part
                    else:
                        text += part
                        box.markdown(text + "▌")
                box.empty()
    except BackendError as exc:
        st.session_state.pending = (cid, message)
        st.session_state.error = prompts.BACKEND_FAILED.format(backend=coach.backend, reason=exc)
        st.rerun()
    st.session_state.pending = st.session_state.error = None
    store.add_message(cid, "assistant", reply.answer, reply.route, reply.sources, {"answered_by": reply.answered_by})
    st.rerun()


def _valid(coach: Coach, text: str, mode: str) -> Request | None:
    """The message as the service validates it, or None after telling the user why it can't be sent."""
    try:
        return coach.request(text, mode)
    except InputError as exc:
        st.warning(str(exc))
        return None


def ask_mode(coach: Coach, store: Store) -> None:
    st.caption("Ask about listening, opening up, appreciation or reconnecting. Answers cite the articles they come from.")
    show_history(store, st.session_state.get("conv"), feedback=True)
    pending = st.session_state.get("pending")
    if pending and st.session_state.get("error"):
        st.error(st.session_state.error)
    if pending and st.button("Retry", type="primary"):
        _answer(coach, store, *pending)
    message = st.chat_input("What's on your mind?")
    if message:
        request = _valid(coach, message, "ask")
        if request is None:
            return
        message = request.text
        cid = _ensure_conversation(store, "ask")
        store.add_message(cid, "user", message)  # saved before the model is asked
        with st.chat_message("user"):
            st.markdown(message)
        _answer(coach, store, cid, message)


def _session(coach: Coach, store: Store, cid: str, persona: str):
    """The live role-play for a conversation, rebuilt from its saved turns after a restart."""
    state = st.session_state
    if state.get("rp_conv") != cid:
        rp = coach.roleplay(persona, seed=int(cid[:6], 16))
        for m in store.messages(cid):
            if m["role"] == "user":
                coach.say(rp, m["content"])
        state.rp, state.rp_conv = rp, cid
    return state.rp


def practice_mode(coach: Coach, store: Store) -> None:
    personas = coach.personas()
    names = sorted(personas)
    state = st.session_state
    current = store.conversation(state.conv) if state.get("conv") else None
    col1, col2 = st.columns([3, 1])
    fallback = names.index("withdrawn") if "withdrawn" in names else 0  # the articles' case study
    default = names.index(current["persona"]) if current and current.get("persona") in names else fallback
    name = col1.selectbox("Practise with", names, index=default, format_func=lambda n: personas[n].title)
    if col2.button("Start", use_container_width=True) or not current or current.get("mode") != "practice":
        state.conv = store.new_conversation("practice", f"Practice: {personas[name].title}", persona=name)
        rp = _session(coach, store, state.conv, name)
        store.add_message(state.conv, "assistant", rp.opening, "answer", meta={"opening": True})
        st.rerun()
    cid, persona = state.conv, current["persona"]
    rp = _session(coach, store, cid, persona)
    st.info(f"**{personas[persona].title}.** {personas[persona].scenario}")
    show_history(store, cid)
    if rp.over:
        st.warning("The practice stopped. Please look at the support lines above; they are there for you.")
    b1, b2 = st.columns(2)
    if b1.button("Hint", icon=":material/lightbulb:", use_container_width=True, disabled=rp.over):
        st.success(rp.hint())
    if b2.button("End and debrief", use_container_width=True):
        debrief = rp.debrief()
        store.add_message(cid, "assistant", "\n\n".join(debrief_lines(debrief, markdown=True)), "answer",
                          meta={"debrief": debrief})
        st.rerun()
    text = st.chat_input("Say something to your partner…", disabled=rp.over)
    if text:
        request = _valid(coach, text, "roleplay")
        if request is None:
            return
        text = request.text
        turn = coach.say(rp, request)
        store.add_message(cid, "user", text, meta={"move": turn.move if turn else "crisis"})
        if turn is None:
            store.add_message(cid, "assistant", rp.state.ended_reply or "", "crisis")
        else:
            store.add_message(cid, "assistant", turn.partner, "answer", meta={"openness": turn.openness})
        st.rerun()


def phrasing_mode(coach: Coach, store: Store) -> None:
    st.caption("Paste what you want to say. You'll get gentler ways to say it, in your own voice.")
    with st.form("phrase"):
        text = st.text_area("What do you want to say?", placeholder="We need to talk about your attitude.")
        go = st.form_submit_button("Suggest gentler words", type="primary")
    if go:
        try:
            result = coach.phrase(text)
        except InputError as exc:
            st.warning(str(exc))
            return
        cid = _ensure_conversation(store, "phrasing")
        store.add_message(cid, "user", text.strip())
        body = result.reply or variants_markdown(result.variants)
        store.add_message(cid, "assistant", body, result.route, result.sources, {"avoid": result.avoid})
        st.session_state.last_phrasing = result.to_dict()
    result = st.session_state.get("last_phrasing")
    if not result:
        return
    if result["route"] != "answer":
        st.markdown(result.get("answer", ""))
        show_sources(result["sources"])
        return
    cols = st.columns(len(result["variants"]))
    for col, v in zip(cols, result["variants"]):
        with col:
            st.markdown(f"**{v['label']}**")
            st.code(v["text"], language=None, wrap_lines=True)
    if result["avoid"]:
        st.markdown("**What to avoid**\n" + "\n".join(f"- {a}" for a in result["avoid"]))
    show_sources(result["sources"])


def month_grid(today: int, done: set[int]) -> str:
    """The month as numbered squares (HTML, no emoji fonts needed)."""
    cells = []
    for d in range(1, DAYS + 1):
        bg = "#2e7d32" if d in done else "#eceff1"
        fg = "#fff" if d in done else "#37474f"
        ring = "outline:2px solid #c62828;" if d == today else ""
        cells.append(f"<div title='Day {d}' style='width:2rem;height:2rem;border-radius:6px;display:flex;align-items:center;"
                     f"justify-content:center;font-size:.8rem;background:{bg};color:{fg};{ring}'>{d}</div>")
    return f"<div style='display:flex;flex-wrap:wrap;gap:6px;max-width:22rem'>{''.join(cells)}</div>"


def plan_mode(coach: Coach, store: Store) -> None:
    phases = parse_plan(coach.retriever.sections)
    if not phases:
        st.info("The articles in your knowledge folder have no 30-day plan.")
        return
    start_raw = store.get_setting("plan_start")
    start = dt.date.fromisoformat(start_raw) if start_raw else dt.date.today()
    chosen = st.date_input("I started the plan on", value=start, max_value=dt.date.today())
    if chosen != start or not start_raw:
        store.set_plan_day(1)  # make sure the table exists with a row
        store.set_setting("plan_start", chosen.isoformat())
        start = chosen
    day = today_index(start)
    progress = store.plan_state()
    done = sum(1 for d in progress.values() if d["done"])
    st.progress(done / DAYS, text=f"{done} of {DAYS} days done")
    phase = phase_for(phases, day)
    st.subheader(f"Day {day}")
    if phase:
        st.markdown(phase.step)
    today = progress.get(day, {"done": 0, "note": ""})
    if st.checkbox("I did today's step", value=bool(today["done"]), key=f"done-{day}"):
        if not today["done"]:
            store.set_plan_day(day, done=True)
            st.rerun()
    elif today["done"]:
        store.set_plan_day(day, done=False)
        st.rerun()
    note = st.text_area("A private note for today (kept only on this device)", value=today["note"], key=f"note-{day}")
    if st.button("Save note"):
        store.set_plan_day(day, note=note)
        st.success("Saved.")
    st.caption("Your month: green is done, outlined is today")
    st.markdown(month_grid(day, {d for d, v in progress.items() if v["done"]}), unsafe_allow_html=True)
    with st.expander("The whole plan"):
        for p in phases:
            st.markdown(f"**Days {p.first}–{p.last}:** {p.step}")
