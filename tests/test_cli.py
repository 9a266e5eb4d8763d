"""The commands people type: content check, a text, a call, the database."""

from __future__ import annotations


def test_content_check_prints_figures_and_passes(app):
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "readability (FK grade)" in result.output
    assert "Szigriszt-Pazos" in result.output
    assert "No problems." in result.output


def test_text_prints_the_reply(app):
    result = app.test_cli_runner().invoke(args=["text", "symptoms"])
    assert result.exit_code == 0, result.output
    assert "Symptoms:" in result.output


def test_call_walks_the_menu_from_the_terminal(app):
    result = app.test_cli_runner().invoke(args=["call"], input="1\n3\nq\n")
    assert result.exit_code == 0, result.output
    assert "hang up and call 9 1 1" in result.output
    assert "[call ended]" in result.output


def test_db_upgrade_is_safe_to_repeat(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
