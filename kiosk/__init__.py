"""The kiosk's application core: session, journey rules, configuration, clients and the `kiosk` command.

No Kivy widgets here: screens/ draw what this package decides.
"""
