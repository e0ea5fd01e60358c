from django.apps import AppConfig


class PacketsConfig(AppConfig):
    name = "interviewkit.packets"
    verbose_name = "PDF packets"

    def ready(self):
        from interviewkit.packets import receivers

        receivers.connect()
