from portal_kit.health import BrokerWatch


class Scene:
    """A broker that is up or down, a clock, and background work run when told."""

    def __init__(self):
        self.now = 0.0
        self.broker_up = True
        self.probes = 0
        self.pending = []
        self.gauge = []

    def probe(self):
        self.probes += 1
        if self.broker_up is None:
            raise OSError("connection refused")
        return self.broker_up

    def watch(self, max_age=5.0):
        return BrokerWatch(self.probe, self.gauge.append, self.pending.append, max_age,
                           monotonic=lambda: self.now)

    def run_background(self):
        while self.pending:
            self.pending.pop(0)()


class TestBrokerWatch:
    def test_asking_never_runs_the_check_itself_it_only_starts_one_in_the_background(self):
        scene = Scene()
        watch = scene.watch()
        watch.refresh()
        assert scene.probes == 0 and watch.state() == "unknown" and len(scene.pending) == 1
        scene.run_background()
        assert watch.state() == "up" and scene.gauge == [True]

    def test_one_check_at_a_time_however_often_it_is_asked(self):
        scene = Scene()
        watch = scene.watch()
        for _ in range(20):
            watch.refresh()
        assert len(scene.pending) == 1

    def test_a_fresh_answer_is_not_checked_again_until_it_is_older_than_max_age(self):
        scene = Scene()
        watch = scene.watch(max_age=5.0)
        watch.refresh()
        scene.run_background()
        scene.now = 4.9
        watch.refresh()
        assert scene.pending == []
        scene.now = 5.1
        watch.refresh()
        assert len(scene.pending) == 1

    def test_a_broker_that_goes_away_and_returns_is_reported_down_then_up(self):
        scene = Scene()
        watch = scene.watch(max_age=1.0)
        for up in (True, False, None, True):
            scene.broker_up = up
            watch.refresh()
            scene.run_background()
            scene.now += 2
        assert scene.gauge == [True, False, False, True] and watch.state() == "up"
