"""The hall server: the reference implementation of the platform API that kiosks talk to.

Applications, parallel dispatch to departments, statuses with due dates, queue tickets, catalogue
publishing. It shares content/ with the kiosk but never imports kiosk/ or screens/.
"""
