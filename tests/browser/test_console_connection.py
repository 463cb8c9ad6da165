"""The console when the server goes away and comes back, and at phone size."""
import socket

from selenium.webdriver.common.by import By

from browser_support import make_driver, quit_driver, rpc
from console_page import find, open_console, tree_row, wait
from symemu_process import SymemuServer


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_is_shown_and_the_console_reconnects(tmp_path, browser):
    driver = browser
    http = free_port()

    def start():  # the same database and HTTP port each time, as after a restart
        server = SymemuServer(tmp_path / "restart.db")
        server.args[server.args.index("--http-port") + 1] = str(http)
        return server.start()

    server = start()
    try:
        open_console(driver, server)
        category = rpc(server, "IPS_CreateCategory")
        rpc(server, "IPS_SetName", category, "Before the restart")
        tree_row(driver, "Before the restart")
        server.stop()

        badge = driver.find_element(By.ID, "connection")
        wait(driver, lambda d: badge.get_attribute("data-state") in ("reconnecting", "offline"), what="the lost connection")
        banner = find(driver, "#connection-banner")
        assert "reconnecting" in banner.text.lower() or "does not answer" in banner.text
        # Something the user does while the server is away fails with a clear message.
        driver.execute_script("document.getElementById('add-instance').click()")
        wait(driver, lambda d: badge.get_attribute("data-state") == "offline", what="the unreachable state")
        assert badge.text == "Server unreachable"

        server = start()
        rpc(server, "IPS_SetName", category, "After the restart")
        wait(driver, lambda d: badge.get_attribute("data-state") == "live", timeout=20, what="the reconnect")
        tree_row(driver, "After the restart")
        assert not driver.find_element(By.ID, "connection-banner").is_displayed()
    finally:
        server.stop()


def test_phone_sized_viewport_shows_one_pane_at_a_time(served):
    driver = make_driver(390, 800)
    try:
        open_console(driver, served)
        tree = driver.find_element(By.CSS_SELECTOR, ".tree-pane")
        detail = driver.find_element(By.ID, "detail")
        assert tree.is_displayed() and not detail.is_displayed()
        tree_row(driver, "MQTT Server").click()
        find(driver, ".status-area")
        assert detail.is_displayed() and not tree.is_displayed()
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
        driver.find_element(By.ID, "back-to-tree").click()
        wait(driver, lambda d: tree.is_displayed(), what="the tree again")
    finally:
        quit_driver(driver)


def test_over_https_the_page_and_its_stream_work(served):
    driver = make_driver(accept_self_signed=True)
    try:
        driver.get(f"https://127.0.0.1:{served.https_port}/console/")
        wait(driver, lambda d: d.find_element(By.ID, "connection").get_attribute("data-state") == "live",
             what="the live state over wss")
        tree_row(driver, "WebHook Control")
        category = rpc(served, "IPS_CreateCategory")
        rpc(served, "IPS_SetName", category, "Made while watching over HTTPS")
        tree_row(driver, "Made while watching over HTTPS")  # the stream's OM_* messages arrived
    finally:
        quit_driver(driver)
